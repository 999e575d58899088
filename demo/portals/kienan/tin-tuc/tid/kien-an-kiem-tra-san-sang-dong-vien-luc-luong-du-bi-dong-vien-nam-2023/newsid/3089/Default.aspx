<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" /><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử quận Kiến An, thành phố Hải Phòng" /><meta id="MetaKeywords" name="KEYWORDS" content="Kiến An, Hải Phòng, tin tức, sự kiện" /><meta id="MetaCopyright" name="COPYRIGHT" content="Bản quyền thuộc UBND quận Kiến An" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaAuthor" name="AUTHOR" content="Quận Kiến An" /><meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" /><title>
	Kiến An: Kiểm tra sẵn sàng động viên lực lượng dự bị động viên năm 2023
</title>
<link rel="canonical" href="/tin-tuc/tid/kien-an-kiem-tra-san-sang-dong-vien-luc-luong-du-bi-dong-vien-nam-2023/newsid/3089/Default.aspx" />
<link href="/Portals/0/Skins/KienAn/skin.css" type="text/css" rel="stylesheet" />
<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />
</head>
<body id="Body">
<form method="post" action="/tin-tuc/tid/kien-an-kiem-tra-san-sang-dong-vien-luc-luong-du-bi-dong-vien-nam-2023/newsid/3089/Default.aspx" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKACLJJz/Lyu/us2hLGLeP6WW9gBBENsqwhs4DsbWIvd6FaZn/wr5bxhLnSbExn4Op2fkC9jiOKegWiPrv5mNZhSFTWOfHsthEBwhYHCaOvp8tem9M+epjIO0Ukno0up2mUbU+UkzAecrmjnbCHd6K5nCg1nQ1i2fM2JgS63q9zECSWgIfPI6rRw1Ux7MxgaThvpJXycGBNUJ2up7SF8pOepvyueTK==" />
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
<h1 class="news-title"><span id="dnn_ctr512_ViewNews_lblTitle">Kiến An: Kiểm tra sẵn sàng động viên lực lượng dự bị động viên năm 2023</span></h1>
<div class="news-info"><span id="dnn_ctr512_ViewNews_lblDate" class="news-date">Ngày đăng: 18/08/2023</span> | <span id="dnn_ctr512_ViewNews_lblView">Lượt xem: 1093</span></div>
<div id="dnn_ctr512_ViewNews_divContent" class="news-content Normal">
<p style="text-align: justify;">Ngày 17/8, Ban CHQS quận Kiến An phối hợp với Đoàn kiểm tra của Bộ CHQS thành phố Hải Phòng tổ chức kiểm tra sẵn sàng động viên lực lượng dự bị động viên năm 2023 tại phường Văn Đẩu.</p>
<p style="text-align: justify;">Theo kế hoạch, quận thực hiện huy động 01 đại đội bộ binh gồm 96 quân nhân dự bị hạng một thuộc 4 phường Văn Đẩu, Lãm Hà, Quán Trữ, Nam Sơn về điểm tập kết trong thời gian quy định. Kết quả, quân số có mặt đạt 97,9%, tỷ lệ sắp xếp đúng chuyên nghiệp quân sự đạt 92%. Quận cũng huy động 06 phương tiện kỹ thuật của nền kinh tế quốc dân gồm xe vận tải, xe cứu thương phục vụ nhiệm vụ.</p>
<p style="text-align: center;"><img alt="" src="/Portals/0/News/2023/08/kiem-tra-dbdv-2023.jpg" style="width: 550px; height: 344px;" /></p>
<p style="text-align: center;"><em>Ảnh: Quân nhân dự bị động viên làm thủ tục tiếp nhận tại điểm tập kết</em></p>
<p style="text-align: justify;">Đoàn kiểm tra đánh giá quận Kiến An chuẩn bị chu đáo về văn kiện, kế hoạch; các phường nắm chắc nguồn, quản lý chặt chẽ quân nhân dự bị; cuộc kiểm tra đạt loại Khá. Đoàn đề nghị quận tiếp tục rà soát, đăng ký, sắp xếp quân nhân dự bị vào đơn vị đúng chuyên nghiệp quân sự, nâng cao chất lượng huấn luyện, sẵn sàng động viên khi có lệnh.</p>
<p style="text-align: right;"><strong>Văn Dũng</strong></p>
</div>
<div class="news-tools"><a href="javascript:window.print();">In trang</a> | <a href="javascript:void(0);" onclick="sendToFriend();">Gửi cho bạn bè</a> | <a href="#Body">Về đầu trang</a></div>
<div class="news-other"><h3 class="news-other-title">Các tin khác</h3>
<ul>
<li><a href="/tin-tuc/tid/quan-kien-an-to-chuc-le-giao-nhan-quan-nam-2024/newsid/3204/Default.aspx">Quận Kiến An tổ chức Lễ giao nhận quân năm 2024</a> <span class="date">(26/02/2024)</span></li>
<li><a href="/tin-tuc/tid/chi-thi-ve-viec-thuc-hien-nhiem-vu-quoc-phong-quan-su-dia-phuong-nam-2024/newsid/3158/Default.aspx">Chỉ thị của Ban Thường vụ Quận ủy về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024</a> <span class="date">(05/01/2024)</span></li>
<li><a href="/tin-tuc/tid/quan-kien-an-tham-tang-qua-gia-dinh-quan-nhan-dang-tai-ngu-co-hoan-canh-kho-khan/newsid/3143/Default.aspx">Quận Kiến An thăm, tặng quà gia đình quân nhân đang tại ngũ có hoàn cảnh khó khăn</a> <span class="date">(20/12/2023)</span></li>
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
