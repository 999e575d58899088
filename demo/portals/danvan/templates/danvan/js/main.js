function guiChoBanBe(){alert("Chức năng đang cập nhật");}
