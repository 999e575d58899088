<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" /><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử quận Kiến An, thành phố Hải Phòng" /><meta id="MetaKeywords" name="KEYWORDS" content="Kiến An, Hải Phòng, tin tức, sự kiện" /><meta id="MetaCopyright" name="COPYRIGHT" content="Bản quyền thuộc UBND quận Kiến An" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaAuthor" name="AUTHOR" content="Quận Kiến An" /><meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" /><title>
	Kiến An ra quân huấn luyện DQTV năm 2024
</title>
<link rel="canonical" href="/tin-tuc/tid/kien-an-ra-quan-huan-luyen-dqtv-nam-2024/newsid/3236/Default.aspx" />
<link href="/Portals/0/Skins/KienAn/skin.css" type="text/css" rel="stylesheet" />
<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />
</head>
<body id="Body">
<form method="post" action="/tin-tuc/tid/kien-an-ra-quan-huan-luyen-dqtv-nam-2024/newsid/3236/Default.aspx" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUK46cinlX/8yfz/It2WSk5gY2m7De5bH+nH6tvywPRJQHiQ24XFEfdGq0vrg+BUC1ilbE7413NSu5WA4Fo86f2m42OQQ+aiCqfsFsAQut9ePmeVIr1k8R9qjFDmadb+KATFWo2B0INDGX7VGEf+i9lT5q+OgS2pUNl4m4VVzL9i2tExDZE1+GDrGPLGdXD+DrPjh/6KeG37XSNsXvVL8xKtuQOtq6O==" />
</div>
<script src="/js/dnncore.js" type="text/javascript"></script>
<div id="dnn_wrapper" class="skin-kienan">
<div id="dnn_header">
<div class="dnn_today"><span id="dnn_dnnCURRENTDATE_lblDate" class="SkinObject">Thứ Tư, 28/8/2024</span></div>
<div class="dnn_logo"><a id="dnn_dnnLOGO_hypLogo" title="Cổng thông tin điện tử quận Kiến An" href="/"><img id="dnn_dnnLOGO_imgLogo" src="/Portals/0/logo-kienan.png" alt="Cổng thông tin điện tử quận Kiến An" /></a></div>
<div class="dnn_sitename">CỔNG THÔNG TIN ĐIỆN TỬ QUẬN KIẾN AN<br /><span>Thành phố Hải Phòng</span></div>
</div>
<div id="dnn_menu"><ul class="dnnmega">
<li><a href="/">Trang chủ</a></li>
<li><a href="/gioi-thieu.aspx">Giới thiệu</a></li>
<li><a href="/tin-tuc-su-kien.aspx">Tin tức - Sự kiện</a></li>
<li><a href="/quoc-phong-an-ninh.aspx">Quốc phòng - An ninh</a></li>
</ul></div>
<div id="dnn_content">
<div id="dnn_ContentPane" class="contentPane DNNEmptyPane_no">
<div class="DnnModule DnnModule-NewsModule DnnModule-512"><a name="512"></a>
<div class="c_container c_head_grey">
<div class="c_head"><h2 class="c_title"><span id="dnn_ctr512_dnnTITLE_titleLabel" class="Head">Tin tức - Sự kiện</span></h2></div>
<div id="dnn_ctr512_ContentPane" class="c_content">
<div id="dnn_ctr512_ModuleContent" class="DNNModuleContent ModNewsModuleC">
<div class="news-breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="/quoc-phong-an-ninh.aspx">Quốc phòng - An ninh</a></div>
<div class="news-detail">
<h1 class="news-title"><span id="dnn_ctr512_ViewNews_lblTitle">Kiến An ra quân huấn luyện DQTV năm 2024</span></h1>
<div class="news-info"><span id="dnn_ctr512_ViewNews_lblDate" class="news-date">Ngày đăng: 12/03/2024</span> | <span id="dnn_ctr512_ViewNews_lblView">Lượt xem: 517</span></div>
<div id="dnn_ctr512_ViewNews_divContent" class="news-content Normal">
<p style="text-align: justify;">Sáng 12/3, Ban CHQS quận Kiến An tổ chức Lễ ra quân huấn luyện DQTV năm 2024. Dự buổi lễ có đại diện Bộ CHQS thành phố, lãnh đạo Quận ủy, HĐND, UBND quận cùng 320 cán bộ, chiến sĩ DQTV của 10 phường và các cơ quan, doanh nghiệp trên địa bàn.</p>
<p style="text-align: justify;">Năm 2024, lực lượng DQTV quận tập trung huấn luyện điều lệnh, kỹ thuật bắn súng, chiến thuật từng người trong chiến đấu, phòng chống thiên tai, tìm kiếm cứu nạn; nâng cao khả năng SSCĐ, sẵn sàng tham gia bảo vệ an ninh trật tự tại cơ sở.</p>
<p style="text-align: justify;">Phát biểu tại buổi lễ, đồng chí Chỉ huy trưởng Ban CHQS quận yêu cầu các đơn vị DQTV quán triệt nghiêm túc kế hoạch huấn luyện, bảo đảm tuyệt đối an toàn người, vũ khí, trang bị; gắn huấn luyện với xây dựng khu vực phòng thủ quận vững chắc.</p>
<p style="text-align: justify;">Ngay sau lễ ra quân, các phường đồng loạt tổ chức huấn luyện theo chương trình; Ban CHQS quận thành lập đoàn kiểm tra, phấn đấu 100% DQTV tham gia huấn luyện đạt yêu cầu, trong đó trên 65% đạt khá, giỏi.</p>
<p style="text-align: right;"><strong>Minh Tuấn</strong></p>
</div>
<div class="news-tools"><a href="javascript:window.print();">In trang</a> | <a href="javascript:void(0);" onclick="sendToFriend();">Gửi cho bạn bè</a> | <a href="#Body">Về đầu trang</a></div>
<div class="news-other"><h3 class="news-other-title">Các tin khác</h3>
<ul>
<li><a href="/tin-tuc/tid/quan-kien-an-to-chuc-le-giao-nhan-quan-nam-2024/newsid/3204/Default.aspx">Quận Kiến An tổ chức Lễ giao nhận quân năm 2024</a> <span class="date">(26/02/2024)</span></li>
<li><a href="/tin-tuc/tid/chi-thi-ve-viec-thuc-hien-nhiem-vu-quoc-phong-quan-su-dia-phuong-nam-2024/newsid/3158/Default.aspx">Chỉ thị của Ban Thường vụ Quận ủy về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024</a> <span class="date">(05/01/2024)</span></li>
<li><a href="/tin-tuc/tid/quan-kien-an-tham-tang-qua-gia-dinh-quan-nhan-dang-tai-ngu-co-hoan-canh-kho-khan/newsid/3143/Default.aspx">Quận Kiến An thăm, tặng quà gia đình quân nhân đang tại ngũ có hoàn cảnh khó khăn</a> <span class="date">(20/12/2023)</span></li>
<li><a href="/tin-tuc/tid/kien-an-kiem-tra-san-sang-dong-vien-luc-luong-du-bi-dong-vien-nam-2023/newsid/3089/Default.aspx">Kiến An: Kiểm tra sẵn sàng động viên lực lượng dự bị động viên năm 2023</a> <span class="date">(18/08/2023)</span></li>
</ul></div>
</div>
</div>
</div>
</div>
</div>
</div>
<div id="dnn_RightPane" class="rightPane">
<div class="DnnModule DnnModule-DNN_HTML DnnModule-530"><a name="530"></a>
<div class="c_head"><h2 class="c_title"><span id="dnn_ctr530_dnnTITLE_titleLabel" class="Head">Liên kết website</span></h2></div>
<div id="dnn_ctr530_ModuleContent" class="DNNModuleContent ModDNNHTMLC"><div id="dnn_ctr530_HtmlModule_lblContent" class="Normal"><ul><li><a href="https://mod.gov.vn/" target="_blank" rel="noopener">Cổng TTĐT Bộ Quốc phòng</a></li><li><a href="/">Quận Kiến An</a></li></ul></div></div>
</div>
</div>
</div>
<div id="dnn_footer">
<p><strong>CỔNG THÔNG TIN ĐIỆN TỬ QUẬN KIẾN AN</strong></p>
<p>Cơ quan chủ quản: Ủy ban nhân dân quận Kiến An. Địa chỉ: số 2 Trần Nhân Tông, quận Kiến An, thành phố Hải Phòng.</p>
<p><span id="dnn_dnnCOPYRIGHT_lblCopyright" class="footer">Copyright 2024 by UBND quận Kiến An</span></p>
</div>
</div>
<input name="ScrollTop" type="hidden" id="ScrollTop" />
<input name="__dnnVariable" type="hidden" id="__dnnVariable" autocomplete="off" />
</form>
</body>
</html>
