<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" />
<title>
	Quốc phòng - An ninh
</title>
<link rel="stylesheet" type="text/css" href="/SiteAssets/qnp/css/qnp.css" />
<script type="text/javascript" src="/SiteAssets/qnp/js/qnp.js"></script>
</head>
<body>
<form method="post" action="/Trang/quoc-phong-an-ninh.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x3F1A2B7CIH+AQP+SDYIUN4/DGAJPX+9+DFJLP+X/+GGB0SVC,16 Sep 2024 01:22:10 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKiH+aqP+SDyiun4/dGAjPX+9+dFJlP+X/+Ggb0SvcBL6q8UbWEx5IB950tQ8s5brLyb81Whej9xMsB0DZ4CFCNjNO1z2EjobCrxM30dLvHtln7b6CK1cszhQ5JfW7Pxm8YNQNrZhgTjkNOmHZGNirECntk3HS66/PfNzxGlByr8mfTJjl8L3Y6q36cwnlPGKMGCHWEA/i==" />
</div>
<div id="s4-workspace" class="ms-core-overlay">
<div id="s4-bodyContainer">
<div class="qnp-header">
<div class="qnp-today">Thứ Hai, 16/9/2024</div>
<div class="qnp-logo"><a href="/"><img src="/SiteAssets/qnp/images/logo-qnp.png" alt="Cổng thông tin điện tử tỉnh Quảng Ninh" /></a></div>
<div class="qnp-sitename">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH QUẢNG NINH</div>
</div>
<div class="qnp-menu"><ul>
<li><a href="/">Trang chủ</a></li>
<li><a href="/Trang/gioi-thieu-chung.aspx">Giới thiệu</a></li>
<li><a href="/Trang/tin-tuc-su-kien.aspx">Tin tức - Sự kiện</a></li>
<li><a href="/Trang/quoc-phong-an-ninh.aspx">Quốc phòng - An ninh</a></li>
</ul></div>
<div id="contentRow">
<div id="contentBox" aria-live="polite" aria-relevant="all">
<div id="DeltaPlaceHolderMain">
<div class="ms-webpart-zone ms-fullWidth">
<div id="MSOZoneCell_WebPartWPQ2" class="s4-wpcell-plain ms-webpartzone-cell ms-webpart-cell-vertical ms-fullWidth">
<div class="ms-webpart-chrome ms-webpart-chrome-vertical ms-webpart-chrome-fullWidth">
<div webpartid="7b3d9c4e-1a2f-4d0b-9a55-2c1e0f6a8b11" class="ms-WPBody noindex" id="WebPartWPQ2">
<div class="qnp-breadcrumb"><a href="/">Trang chủ</a> &gt; <span>Quốc phòng - An ninh</span></div>
<h2 class="qnp-cat-title">Quốc phòng - An ninh</h2>
<div class="qnp-list-item"><a href="/Trang/ChiTietTinTuc.aspx?nid=139871"><img src="/PublishingImages/TinTuc/2024/09/llvt-khac-phuc-bao-so-3.jpg" alt="" class="qnp-thumb" /></a>
<h3><a href="/Trang/ChiTietTinTuc.aspx?nid=139871">Lực lượng vũ trang tỉnh giúp nhân dân khắc phục hậu quả bão số 3</a></h3>
<span class="qnp-date">17:30 | 10/09/2024</span>
<p>Ngay sau khi bão số 3 (bão Yagi) đi qua, các đơn vị lực lượng vũ trang tỉnh đã huy động hàng nghìn cán bộ, chiến sĩ, dân quân tự vệ cùng phương tiện giúp nhân dân khắc phục hậu quả, sớm ổn định cuộc sống.</p>
</div>
<div class="qnp-list-item"><a href="/Trang/ChiTietTinTuc.aspx?nid=133092"><img src="/PublishingImages/TinTuc/2023/10/dien-tap-kvpt-binh-lieu.jpg" alt="" class="qnp-thumb" /></a>
<h3><a href="/Trang/ChiTietTinTuc.aspx?nid=133092">Diễn tập khu vực phòng thủ huyện Bình Liêu năm 2023 đạt loại Giỏi</a></h3>
<span class="qnp-date">15:50 | 27/10/2023</span>
<p>Từ ngày 24 đến 27/10, huyện Bình Liêu tổ chức diễn tập khu vực phòng thủ năm 2023 dưới sự chỉ đạo của Bộ CHQS tỉnh. Cuộc diễn tập có sự tham gia của hơn 1.200 cán bộ, chiến sĩ và nhân dân trên địa bàn huyện.</p>
</div>
<div class="qnp-list-item"><a href="/Trang/ChiTietTinTuc.aspx?nid=130215"><img src="/PublishingImages/TinTuc/2023/05/hai-doi-dan-quan.jpg" alt="" class="qnp-thumb" /></a>
<h3><a href="/Trang/ChiTietTinTuc.aspx?nid=130215">Huấn luyện Hải đội dân quân thường trực tỉnh năm 2023</a></h3>
<span class="qnp-date">15:20 | 24/05/2023</span>
<p>Ngày 24/5, Bộ CHQS tỉnh tổ chức khai mạc huấn luyện năm 2023 cho Hải đội dân quân thường trực tỉnh tại huyện Vân Đồn.</p>
</div>
<div class="qnp-list-item"><a href="/Trang/ChiTietTinTuc.aspx?nid=128734"><img src="/PublishingImages/TinTuc/2022/12/mong-cai-hoi-nghi-qsdp-2022-1.jpg" alt="" class="qnp-thumb" /></a>
<h3><a href="/Trang/ChiTietTinTuc.aspx?nid=128734">TP Móng Cái tổng kết nhiệm vụ quốc phòng - quân sự địa phương năm 2022</a></h3>
<span class="qnp-date">08:45 | 02/12/2022</span>
<p>Ngày 1/12, Thành ủy, UBND TP Móng Cái tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ quốc phòng - quân sự địa phương năm 2022 và triển khai nhiệm vụ năm 2023. Các đồng chí Hoàng Bá Nam, Tỉnh ủy viên, Bí...</p>
</div>

</div>
</div>
</div>
</div>
</div>
</div>
<div class="qnp-right">
<div class="qnp-box"><h3>Liên kết</h3><ul><li><a href="https://mod.gov.vn/" target="_blank" rel="noopener">Cổng TTĐT Bộ Quốc phòng</a></li></ul></div>
</div>
</div>
<div class="qnp-footer">
<p><strong>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH QUẢNG NINH</strong></p>
<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Quảng Ninh. Địa chỉ: Trụ sở Liên cơ quan số 3, phường Hồng Hà, TP Hạ Long, tỉnh Quảng Ninh.</p>
<p>Ghi rõ nguồn “Cổng thông tin điện tử tỉnh Quảng Ninh” khi phát hành lại thông tin từ Cổng thông tin này.</p>
</div>
</div>
</div>
</form>
</body>
</html>
