<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" /><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử quận Kiến An, thành phố Hải Phòng" /><meta id="MetaKeywords" name="KEYWORDS" content="Kiến An, Hải Phòng, tin tức, sự kiện" /><meta id="MetaCopyright" name="COPYRIGHT" content="Bản quyền thuộc UBND quận Kiến An" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaAuthor" name="AUTHOR" content="Quận Kiến An" /><meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" /><title>
	Quốc phòng - An ninh
</title>
<link href="/Portals/0/Skins/KienAn/skin.css" type="text/css" rel="stylesheet" />
<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />
</head>
<body id="Body">
<form method="post" action="/quoc-phong-an-ninh.aspx" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKgNramnnPrL6UYKqN68CG4HACDEyO5F7VeoCYL8KDnxng3u0XFfRd161n25uqD7vSue5wR9bomiHizYJEBwHjaGZxkUo+W6J9idHcDHSAIXDpxv022jk1Fv3xUZkl/Rug+UqwSpv6mnwi+vTig4GLgLrmEu+SXxVunJbAloVUk0SZ6naDPiA5M2Pmq6p9RnJDREBzTLnbSCHspOU0Y7aCOejKtEkf==" />
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
<div class="c_head"><h2 class="c_title"><span id="dnn_ctr512_dnnTITLE_titleLabel" class="Head">Quốc phòng - An ninh</span></h2></div>
<div id="dnn_ctr512_ContentPane" class="c_content">
<div id="dnn_ctr512_ModuleContent" class="DNNModuleContent ModNewsModuleC">
<div class="news-list-item">
<h3 class="news-list-title"><a href="/tin-tuc/tid/kien-an-ra-quan-huan-luyen-dqtv-nam-2024/newsid/3236/Default.aspx">Kiến An ra quân huấn luyện DQTV năm 2024</a></h3>
<span class="news-date">(12/03/2024)</span>
<div class="news-list-desc">Sáng 12/3, Ban CHQS quận Kiến An tổ chức Lễ ra quân huấn luyện DQTV năm 2024.</div>
</div>
<div class="news-list-item"><a href="/tin-tuc/tid/quan-kien-an-to-chuc-le-giao-nhan-quan-nam-2024/newsid/3204/Default.aspx"><img src="/Portals/0/News/2024/02/giao-nhan-quan-2024.jpg" alt="" class="news-thumb" width="150" /></a>
<h3 class="news-list-title"><a href="/tin-tuc/tid/quan-kien-an-to-chuc-le-giao-nhan-quan-nam-2024/newsid/3204/Default.aspx">Quận Kiến An tổ chức Lễ giao nhận quân năm 2024</a></h3>
<span class="news-date">(26/02/2024)</span>
<div class="news-list-desc">Sáng 26/02, quận Kiến An long trọng tổ chức Lễ giao nhận quân năm 2024. 198 thanh niên ưu tú của quận đã lên đường thực hiện nghĩa vụ quân sự và nghĩa vụ tham gia Công an nhân dân.</div>
</div>
<div class="news-list-item">
<h3 class="news-list-title"><a href="/tin-tuc/tid/chi-thi-ve-viec-thuc-hien-nhiem-vu-quoc-phong-quan-su-dia-phuong-nam-2024/newsid/3158/Default.aspx">Chỉ thị của Ban Thường vụ Quận ủy về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024</a></h3>
<span class="news-date">(05/01/2024)</span>
<div class="news-list-desc">Năm 2023, Đảng bộ, quân và dân quận Kiến An đã đoàn kết thống nhất, chủ động khắc phục khó khăn, phấn đấu hoàn thành toàn diện các chỉ tiêu kinh tế - xã hội, quốc phòng - an ninh.</div>
</div>
<div class="news-list-item">
<h3 class="news-list-title"><a href="/tin-tuc/tid/quan-kien-an-tham-tang-qua-gia-dinh-quan-nhan-dang-tai-ngu-co-hoan-canh-kho-khan/newsid/3143/Default.aspx">Quận Kiến An thăm, tặng quà gia đình quân nhân đang tại ngũ có hoàn cảnh khó khăn</a></h3>
<span class="news-date">(20/12/2023)</span>
<div class="news-list-desc">Nhân kỷ niệm 79 năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944 – 22/12/2023) và 34 năm Ngày hội Quốc phòng toàn dân (22/12/1989 – 22/12/2023), từ ngày 18 đến 20/12, các đoàn công tác của Quận ủy...</div>
</div>
<div class="news-list-item"><a href="/tin-tuc/tid/kien-an-kiem-tra-san-sang-dong-vien-luc-luong-du-bi-dong-vien-nam-2023/newsid/3089/Default.aspx"><img src="/Portals/0/News/2023/08/kiem-tra-dbdv-2023.jpg" alt="" class="news-thumb" width="150" /></a>
<h3 class="news-list-title"><a href="/tin-tuc/tid/kien-an-kiem-tra-san-sang-dong-vien-luc-luong-du-bi-dong-vien-nam-2023/newsid/3089/Default.aspx">Kiến An: Kiểm tra sẵn sàng động viên lực lượng dự bị động viên năm 2023</a></h3>
<span class="news-date">(18/08/2023)</span>
<div class="news-list-desc">Ngày 17/8, Ban CHQS quận Kiến An phối hợp với Đoàn kiểm tra của Bộ CHQS thành phố Hải Phòng tổ chức kiểm tra sẵn sàng động viên lực lượng dự bị động viên năm 2023 tại phường Văn Đẩu.</div>
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
