<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" /><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử quận Kiến An, thành phố Hải Phòng" /><meta id="MetaKeywords" name="KEYWORDS" content="Kiến An, Hải Phòng, tin tức, sự kiện" /><meta id="MetaCopyright" name="COPYRIGHT" content="Bản quyền thuộc UBND quận Kiến An" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaAuthor" name="AUTHOR" content="Quận Kiến An" /><meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" /><title>
	Tăng cường chống thất thu thuế đối với hộ kinh doanh trên địa bàn quận Kiến An
</title>
<link rel="canonical" href="/tin-tuc/tid/tang-cuong-chong-that-thu-thue-doi-voi-ho-kinh-doanh-tren-dia-ban-quan-kien-an/newsid/3101/Default.aspx" />
<meta property="og:title" content="Tăng cường chống thất thu thuế đối với hộ kinh doanh trên địa bàn quận Kiến An" />
<meta property="article:published_time" content="2023-09-20" />
<link href="/Portals/0/Skins/KienAn/skin.css" type="text/css" rel="stylesheet" />
<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />
</head>
<body id="Body">
<form method="post" action="/tin-tuc/tid/tang-cuong-chong-that-thu-thue-doi-voi-ho-kinh-doanh-tren-dia-ban-quan-kien-an/newsid/3101/Default.aspx" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKddPkp7mQWlvHIu7CUlBCo0Fu5G43x6XosIq5GiM/iCahVlk27dLeuU/t+5L+PVFmSRb5x5zKanbhcXR6nBmI2y0iIL2WvJ+kc+nBwdX3UIcILlsLGuSkGP8R2G9rsxl1wZcoBoRsS5y7H4jyMF4hrpUIhwYYEl+7utgnoE0jUU2DlpXOvkDhXXwPpyhtrkv9eEhMpphcQvb9iusSAm0LcKbptyJf==" />
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
<h1 class="news-title"><span id="dnn_ctr512_ViewNews_lblTitle">Tăng cường chống thất thu thuế đối với hộ kinh doanh trên địa bàn quận Kiến An</span></h1>
<div class="news-info"><span id="dnn_ctr512_ViewNews_lblDate" class="news-date">Ngày đăng: 20/09/2023</span> | <span id="dnn_ctr512_ViewNews_lblView">Lượt xem: 637</span></div>
<div id="dnn_ctr512_ViewNews_divContent" class="news-content Normal">
<p style="text-align: justify;">Thời gian qua, Chi cục Thuế khu vực Kiến An - An Lão đã phối hợp với UBND các phường tăng cường quản lý thuế đối với hộ, cá nhân kinh doanh, chống thất thu ngân sách trên địa bàn quận Kiến An.</p>
<p style="text-align: justify;">Toàn quận hiện có 2.314 hộ kinh doanh nộp thuế khoán và 187 hộ nộp thuế theo phương pháp kê khai. Trong 8 tháng đầu năm 2023, Chi cục Thuế đã rà soát, đưa vào quản lý 126 hộ kinh doanh mới; điều chỉnh mức thuế khoán đối với 94 hộ có doanh thu tăng; truy thu và phạt vi phạm hành chính hơn 1,2 tỷ đồng.</p>
<p style="text-align: justify;">Cùng với đó, Chi cục đẩy mạnh hướng dẫn các hộ kinh doanh ăn uống, bán lẻ, lưu trú sử dụng hóa đơn điện tử khởi tạo từ máy tính tiền; tổ chức 03 buổi đối thoại với người nộp thuế để giải đáp vướng mắc về chính sách thuế, thủ tục kê khai, nộp thuế điện tử.</p>
<p style="text-align: justify;">Nhờ các giải pháp đồng bộ, tổng thu ngân sách 8 tháng trên địa bàn quận đạt 312 tỷ đồng, bằng 71% dự toán năm. Thời gian tới, Chi cục Thuế tiếp tục phối hợp với các phường thành lập tổ công tác rà soát hộ kinh doanh trên các tuyến phố Trần Thành Ngọ, Phan Đăng Lưu, Trường Chinh, phấn đấu hoàn thành vượt dự toán thu năm 2023.</p>
<p style="text-align: right;"><strong>Thu Hà</strong></p>
</div>
<div class="news-tools"><a href="javascript:window.print();">In trang</a> | <a href="javascript:void(0);" onclick="sendToFriend();">Gửi cho bạn bè</a> | <a href="#Body">Về đầu trang</a></div>
<div class="news-other"><h3 class="news-other-title">Các tin khác</h3>
<ul>
<li><a href="/tin-tuc/tid/lien-hoan-van-nghe-quan-chung-chao-mung-30-nam-thanh-lap-quan-kien-an/newsid/3311/Default.aspx">Liên hoan văn nghệ quần chúng chào mừng 30 năm thành lập quận Kiến An</a> <span class="date">(16/08/2024)</span></li>
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
