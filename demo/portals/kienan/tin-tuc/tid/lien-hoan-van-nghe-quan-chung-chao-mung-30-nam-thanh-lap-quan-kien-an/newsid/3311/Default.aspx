<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" /><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử quận Kiến An, thành phố Hải Phòng" /><meta id="MetaKeywords" name="KEYWORDS" content="Kiến An, Hải Phòng, tin tức, sự kiện" /><meta id="MetaCopyright" name="COPYRIGHT" content="Bản quyền thuộc UBND quận Kiến An" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaAuthor" name="AUTHOR" content="Quận Kiến An" /><meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" /><title>
	Liên hoan văn nghệ quần chúng chào mừng 30 năm thành lập quận Kiến An
</title>
<link rel="canonical" href="/tin-tuc/tid/lien-hoan-van-nghe-quan-chung-chao-mung-30-nam-thanh-lap-quan-kien-an/newsid/3311/Default.aspx" />
<link href="/Portals/0/Skins/KienAn/skin.css" type="text/css" rel="stylesheet" />
<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />
</head>
<body id="Body">
<form method="post" action="/tin-tuc/tid/lien-hoan-van-nghe-quan-chung-chao-mung-30-nam-thanh-lap-quan-kien-an/newsid/3311/Default.aspx" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKgqPrcUxzkhTjfhE1epX1jhmbZMxOzZGm73GSsM0U8Y60sTF4tfkCsRJzcizskGpf/281et15RCMe+Vs0J38lNS5Btui2vyU+ohYcsAgr25UsNbVlUNCCKJCo02kyIXF2oOjuQIcjJ1Trx9sEWXd26qEtc+g1QzObDKORxooLnVWYHCIFut/I/chzGIOo55Wd4wQ0+7r9plDYsXFQbzSBnvJIS6zV==" />
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
<div class="news-breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="/tin-tuc-su-kien.aspx">Tin tức - Sự kiện</a></div>
<div class="news-detail">
<h1 class="news-title"><span id="dnn_ctr512_ViewNews_lblTitle">Liên hoan văn nghệ quần chúng chào mừng 30 năm thành lập quận Kiến An</span></h1>
<div class="news-info"><span id="dnn_ctr512_ViewNews_lblDate" class="news-date">Ngày đăng: 16/08/2024</span> | <span id="dnn_ctr512_ViewNews_lblView">Lượt xem: 307</span></div>
<div id="dnn_ctr512_ViewNews_divContent" class="news-content Normal">
<p style="text-align: justify;">Tối 15/8, tại Nhà văn hóa quận, UBND quận Kiến An tổ chức Liên hoan văn nghệ quần chúng năm 2024 chào mừng kỷ niệm 30 năm ngày thành lập quận (29/8/1994 – 29/8/2024).</p>
<p style="text-align: justify;">Tham gia liên hoan có 10 đội văn nghệ của 10 phường với hơn 300 diễn viên không chuyên, biểu diễn 30 tiết mục ca, múa, nhạc, hát chèo, hát ca trù. Các tiết mục ca ngợi quê hương Kiến An với núi Thiên Văn, sông Lạch Tray, những đổi thay của đô thị sau 30 năm xây dựng và phát triển.</p>
<p style="text-align: center;"><img alt="" src="/Portals/0/News/2024/08/lien-hoan-van-nghe-30-nam.jpg" style="width: 550px; height: 344px;" /></p>
<p style="text-align: center;"><em>Ảnh: Tiết mục múa “Về miền quan họ” của đội văn nghệ phường Ngọc Sơn</em></p>
<p style="text-align: justify;">Kết quả, Ban Tổ chức trao giải Nhất cho đội văn nghệ phường Ngọc Sơn; giải Nhì cho phường Trần Thành Ngọ và phường Bắc Sơn; giải Ba cho các phường Lãm Hà, Đồng Hòa, Văn Đẩu; các đội còn lại đạt giải Khuyến khích.</p>
<p style="text-align: justify;">Liên hoan là hoạt động văn hóa ý nghĩa, góp phần khơi dậy niềm tự hào về truyền thống quê hương, tạo không khí phấn khởi trước ngày kỷ niệm 30 năm thành lập quận.</p>
<p style="text-align: right;"><strong>Phương Thảo</strong></p>
</div>
<div class="news-tools"><a href="javascript:window.print();">In trang</a> | <a href="javascript:void(0);" onclick="sendToFriend();">Gửi cho bạn bè</a> | <a href="#Body">Về đầu trang</a></div>
<div class="news-other"><h3 class="news-other-title">Các tin khác</h3>
<ul>
<li><a href="/tin-tuc/tid/tang-cuong-chong-that-thu-thue-doi-voi-ho-kinh-doanh-tren-dia-ban-quan-kien-an/newsid/3101/Default.aspx">Tăng cường chống thất thu thuế đối với hộ kinh doanh trên địa bàn quận Kiến An</a> <span class="date">(20/09/2023)</span></li>
<li><a href="/tin-tuc/tid/quan-kien-an-to-chuc-le-giao-nhan-quan-nam-2024/newsid/3204/Default.aspx">Quận Kiến An tổ chức Lễ giao nhận quân năm 2024</a> <span class="date">(26/02/2024)</span></li>
<li><a href="/tin-tuc/tid/chi-thi-ve-viec-thuc-hien-nhiem-vu-quoc-phong-quan-su-dia-phuong-nam-2024/newsid/3158/Default.aspx">Chỉ thị của Ban Thường vụ Quận ủy về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024</a> <span class="date">(05/01/2024)</span></li>
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
