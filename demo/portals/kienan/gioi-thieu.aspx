<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" /><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử quận Kiến An, thành phố Hải Phòng" /><meta id="MetaKeywords" name="KEYWORDS" content="Kiến An, Hải Phòng, tin tức, sự kiện" /><meta id="MetaCopyright" name="COPYRIGHT" content="Bản quyền thuộc UBND quận Kiến An" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaAuthor" name="AUTHOR" content="Quận Kiến An" /><meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" /><title>
	Giới thiệu chung
</title>
<link href="/Portals/0/Skins/KienAn/skin.css" type="text/css" rel="stylesheet" />
<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />
</head>
<body id="Body">
<form method="post" action="/gioi-thieu.aspx" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKYG1kCo0UuQAD7FXC/dX51CxznwPHM+2PKSxUa5Hu/oN5K2UiSTOTwVsflSbXabUu46+oyNGl9AdSCtej0cIwyetyvlQtK5kRdTkDE/U4w2VmymZNssxT01wKmMhu33MA3w8LyVwsoUYDuSUu8oGbGhOnFLF/GHwHEEM5RD2CEEO6h5sbD4U4tvXt7Lrm+jkx3nuqrP4kTfoDLmG1NJIes4K+cJQQ==" />
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
<div class="c_head"><h2 class="c_title"><span id="dnn_ctr512_dnnTITLE_titleLabel" class="Head">Giới thiệu</span></h2></div>
<div id="dnn_ctr512_ContentPane" class="c_content">
<div id="dnn_ctr512_ModuleContent" class="DNNModuleContent ModNewsModuleC">
<div class="news-detail"><h1 class="news-title">Giới thiệu chung</h1>
<div class="news-content Normal">
<p>Quận Kiến An được thành lập theo Nghị định số 100/CP ngày 20/12/1993 của Chính phủ, chính thức đi vào hoạt động từ ngày 29/8/1994.</p>
<p>Quận nằm ở phía Tây Nam thành phố Hải Phòng, có 10 phường: Bắc Sơn, Nam Sơn, Ngọc Sơn, Trần Thành Ngọ, Văn Đẩu, Quán Trữ, Lãm Hà, Đồng Hòa, Bắc Hà, Nam Hà.</p>
<p>Trên địa bàn có nhiều di tích lịch sử, văn hóa như núi Thiên Văn, chùa Long Hoa, đình Phù Lưu.</p>
</div></div>
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
