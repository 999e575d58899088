<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xml:lang="vi-VN" lang="vi-VN" xmlns="http://www.w3.org/1999/xhtml">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" /><meta content="text/javascript" http-equiv="Content-Script-Type" /><meta content="text/css" http-equiv="Content-Style-Type" /><meta id="MetaDescription" name="DESCRIPTION" content="Cổng thông tin điện tử quận Kiến An, thành phố Hải Phòng" /><meta id="MetaKeywords" name="KEYWORDS" content="Kiến An, Hải Phòng, tin tức, sự kiện" /><meta id="MetaCopyright" name="COPYRIGHT" content="Bản quyền thuộc UBND quận Kiến An" /><meta id="MetaGenerator" name="GENERATOR" content="DotNetNuke " /><meta id="MetaAuthor" name="AUTHOR" content="Quận Kiến An" /><meta name="RESOURCE-TYPE" content="DOCUMENT" /><meta name="DISTRIBUTION" content="GLOBAL" /><meta id="MetaRobots" name="ROBOTS" content="INDEX, FOLLOW" /><meta name="REVISIT-AFTER" content="1 DAYS" /><meta name="RATING" content="GENERAL" /><meta http-equiv="PAGE-ENTER" content="RevealTrans(Duration=0,Transition=1)" /><title>
	Chỉ thị của Ban Thường vụ Quận ủy về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024
</title>
<link rel="canonical" href="/tin-tuc/tid/chi-thi-ve-viec-thuc-hien-nhiem-vu-quoc-phong-quan-su-dia-phuong-nam-2024/newsid/3158/Default.aspx" />
<meta property="og:title" content="Chỉ thị của Ban Thường vụ Quận ủy về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024" />
<meta property="article:published_time" content="2024-01-05" />
<link href="/Portals/0/Skins/KienAn/skin.css" type="text/css" rel="stylesheet" />
<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />
</head>
<body id="Body">
<form method="post" action="/tin-tuc/tid/chi-thi-ve-viec-thuc-hien-nhiem-vu-quoc-phong-quan-su-dia-phuong-nam-2024/newsid/3158/Default.aspx" id="Form" enctype="multipart/form-data">
<div class="aspNetHidden">
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKLYtoiPwn9OG1YFzj93b0eZO0sKrTQTUJgvGBEVaufDuH8POlnlXqXGEnJQx08EWEggqoRcQ73K+seLZr8D3JFPLPTEQl/0HxL3V9JM74BNXo48+RUy42Xl5n7K8owjEtv+eMwq4b27cuDzqD786/6JP3zcQ/HLVqopQLhNxICqn7vXbs8QuV50OczWzxPjrJaa9wbJmR0sUfU5r9AoUM0bjEZrmt==" />
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
<h1 class="news-title"><span id="dnn_ctr512_ViewNews_lblTitle">Chỉ thị của Ban Thường vụ Quận ủy về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024</span></h1>
<div class="news-info"><span id="dnn_ctr512_ViewNews_lblDate" class="news-date">Ngày đăng: 05/01/2024</span> | <span id="dnn_ctr512_ViewNews_lblView">Lượt xem: 946</span></div>
<div id="dnn_ctr512_ViewNews_divContent" class="news-content Normal">
<p style="text-align: center;"><strong>CHỈ THỊ<br />CỦA BAN THƯỜNG VỤ QUẬN ỦY</strong><br /><em>về việc thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024</em></p>
<p style="text-align: justify;">Năm 2023, Đảng bộ, quân và dân quận Kiến An đã đoàn kết thống nhất, chủ động khắc phục khó khăn, phấn đấu hoàn thành toàn diện các chỉ tiêu kinh tế - xã hội, quốc phòng - an ninh.</p>
<p style="text-align: justify;">Công tác quốc phòng, quân sự địa phương được cấp uỷ, chính quyền các cấp quan tâm lãnh đạo, chỉ đạo triển khai nghiêm túc; các ban, ngành, đoàn thể của quận đã phối hợp thực hiện hiệu quả. Nền quốc phòng toàn dân, thế trận quốc phòng toàn dân, thế trận an ninh nhân dân, khu vực phòng thủ quận được củng cố từng bước vững chắc, góp phần giữ vững ổn định an ninh, chính trị địa bàn, tạo điều kiện thuận lợi phát triển kinh tế - xã hội. Lực lượng vũ trang quận luôn được chăm lo xây dựng vững mạnh về chính trị, tư tưởng và tổ chức, thực sự là lực lượng nòng cốt trong tham mưu, triển khai tổ chức thực hiện nhiệm vụ quốc phòng, quân sự địa phương. Phong trào thi đua quyết thắng của lực lượng vũ trang quận đã gắn với phong trào thi đua yêu nước của quận góp phần hoàn thành toàn diện các nhiệm vụ được giao, được Bộ Tư lệnh Quân khu 3 tặng danh hiệu “Đơn vị Quyết thắng”.</p>
<p style="text-align: justify;">Tuy nhiên, bên cạnh kết quả đạt được là cơ bản, song vẫn còn một số tồn tại hạn chế là: Công tác lãnh đạo, chỉ đạo, triển khai, tổ chức thực hiện nhiệm vụ quốc phòng, quân sự địa phương của một số cấp uỷ, chính quyền, cơ quan, đơn vị có lúc chưa quyết liệt, đồng bộ; năng lực tham mưu, đề xuất của một số cán bộ Ban Chỉ huy Quân sự phường về công tác quốc phòng, quân sự địa phương chất lượng có mặt còn hạn chế; công tác thông tin, tuyên truyền, định hướng có thời điểm chưa sâu rộng, có nội dung hiệu quả chưa cao.</p>
<p style="text-align: justify;">Để thực hiện thắng lợi nhiệm vụ quốc phòng, quân sự địa phương năm 2024, Ban Thường vụ Quận uỷ yêu cầu các cấp uỷ đảng, chính quyền, Mặt trận tổ quốc Việt Nam, các ban, ngành, đoàn thể, lực lượng vũ trang quận quán triệt và triển khai thực hiện tốt những nội dung chủ yếu sau:</p>
<p style="text-align: justify;">1. Tiếp tục quán triệt và thực hiện có hiệu quả Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII; Nghị quyết Đại hội Đảng thành phố lần thứ XVI; Nghị quyết Đại hội Đảng bộ Quân sự thành phố lần thứ X; Nghị quyết Đại hội Đảng bộ quận lần thứ VI về nhiệm vụ quốc phòng, quân sự địa phương; cấp uỷ các cấp có Nghị quyết chuyên đề lãnh đạo, chỉ đạo, chính quyền xây dựng kế hoạch thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024 sát với yêu cầu nhiệm vụ.</p>
<p style="text-align: justify;">2. Tăng cường làm tốt công tác tuyên truyền, giáo dục nâng cao nhận thức, trách nhiệm, khơi dậy lòng tự hào cho cán bộ, đảng viên, Nhân dân và LLVT quận về truyền thống vẻ vang của Đảng, dân tộc, quân đội, thành phố và của quận. Chỉ đạo và tổ chức tốt hoạt động kỷ niệm các ngày lễ lớn, các sự kiện chính trị quan trọng của đất nước, quân đội, thành phố và của quận năm 2024 (<em>kỷ niệm 70 năm ngày Chiến thắng Điện Biên Phủ 07/5/1954 - 07/5/2024, kỷ niệm 80 năm ngày thành lập Quân đội nhân dân Việt Nam 22/12/1944 - 22/12/2024, kỷ niệm 30 năm ngày thành lập quận Kiến An 29/8/1994 – 29/8/2024</em>).</p>
<p style="text-align: justify;">3. Chủ động kiện toàn, phát huy vai trò của Hội đồng giáo dục quốc phòng, an ninh quận và phường khi có sự thay đổi nhân sự. Tiếp tục đẩy mạnh công tác giáo dục quốc phòng toàn dân, giáo dục quốc phòng cho học sinh, sinh viên và bồi dưỡng kiến thức quốc phòng và an ninh cho cán bộ, đảng viên đúng đối tượng.</p>
<p style="text-align: justify;">4. Chăm lo xây dựng Lực lượng vũ trang quận vững mạnh về chính trị, tư tưởng và tổ chức, có khả năng cơ động sẵn sàng chiến đấu cao, thường xuyên kiện toàn, bổ sung các phương án sẵn sàng chiến đấu, kế hoạch tác chiến; nắm chắc tình hình, chủ động tham mưu, đề xuất và tham gia giữ vững ổn định an ninh, chính trị, trật tự, an toàn xã hội địa bàn; nâng cao chất lượng huấn luyện cho các đối tượng. Thực hiện có hiệu quả phong trào thi đua quyết thắng năm 2024 gắn với phong trào thi đua yêu nước của địa phương, của các ngành, quyết tâm giành cờ trong phong trào thi đua quyết thắng năm 2024.</p>
<p style="text-align: justify;">5. Tập trung xây dựng lực lượng dân quân tự vệ, lực lượng dự bị động viên có số lượng phù hợp, tỷ lệ, cơ cấu hợp lý, chất lượng cao, nhất là chất lượng chính trị; huấn luyện, bồi dưỡng nâng cao chất lượng của lực lượng dân quân tự vệ cơ động làm nòng cốt trong thực hiện nhiệm vụ quốc phòng, quân sự địa phương. Thành lập chi bộ Quân sự phường hoàn thành trong tháng 2/2024, xem xét bố trí xây dựng trụ sở Ban chỉ huy Quân sự phường. Quan tâm bồi dưỡng đoàn viên, thanh niên ưu tú trong lực lượng dân quân tự vệ để tạo nguồn phát triển đảng. Kiện toàn và duy trì hoạt động của Ban chỉ huy Quân sự các phường, các đơn vị tự vệ, các cơ quan - tổ chức trực thuộc quận đảm bảo nền nếp, chất lượng, hiệu quả thiết thực. Tổ chức tập huấn, bồi dưỡng nâng cao trình độ, năng lực, phương pháp, tác phong công tác cho các đồng chí chỉ huy trưởng, chính trị viên Ban chỉ huy Quân sự phường và các đồng chí tổ, đội trưởng các tổ dân phố. Hoàn thành nhiệm vụ tuyển chọn và gọi công dân nhập ngũ đảm bảo chỉ tiêu, chất lượng, đúng luật, an toàn tuyệt đối.</p>
<p style="text-align: justify;">6. Tiếp tục phát huy vai trò mô hình hậu cần nhân dân địa phương các cấp, đảm bảo tốt công tác hậu cần trong xây dựng khu vực phòng thủ và thực hiện nhiệm vụ quốc phòng, quân sự địa phương của quận. Tăng cường kết hợp phát triển kinh tế - xã hội với củng cố quốc phòng - an ninh. Quản lý chặt chẽ đất quốc phòng, công trình quốc phòng trên địa bàn không để xảy ra vi phạm; theo dõi, giám sát, đôn đốc kiểm tra các lực lượng thi công hoàn chỉnh xây dựng căn cứ chiến đấu trong khu vực phòng thủ được quận đầu tư bảo đảm chất lượng và an toàn tuyệt đối. Rà soát các dự án phát triển kinh tế kết hợp với quốc phòng theo đúng chủ trương đầu tư của Bộ Quốc phòng; triển khai, xây dựng Đài tưởng niệm các Anh hùng Liệt sĩ trên núi Thiên Văn bảo đảm không ảnh hưởng đến quốc phòng, an ninh; đề xuất bảo đảm đầy đủ, kịp thời ngân sách cho hoạt động của lực lượng vũ trang quận.</p>
<p style="text-align: justify;">7. Phát huy sức mạnh tổng hợp của các ban, ngành, đoàn thể, các tổ chức chính trị - xã hội, cơ quan, đơn vị, trường học trên địa bàn đẩy mạnh tuyên truyền, vận động nhân dân chấp hành đường lối của Đảng, chính sách, luật pháp của Nhà nước, tích cực tham gia xây dựng cơ sở chính trị địa phương vững mạnh. Tăng cường hoạt động kết nghĩa quân - dân, xây dựng cụm địa bàn an toàn, đơn vị an toàn. Đẩy mạnh xã hội hóa thực hiện các chính sách đối với người có công và chính sách hậu phương quân đội. Tích cực thăm định, đề nghị giải quyết chế độ chính sách cho các đối tượng theo Quyết định của Thủ tướng Chính phủ.</p>
<p style="text-align: justify;">8. Tăng cường công tác kiểm tra, giám sát đối với các chi, đảng bộ trực thuộc Quận uỷ về việc lãnh đạo, chỉ đạo thực hiện nhiệm vụ quốc phòng, quân sự địa phương năm 2024, góp phần nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng.</p>
<p style="text-align: justify;">9. Giao Đảng uỷ Quân sự quận phối hợp với cấp uỷ, chính quyền, các ban, ngành, đoàn thể, các cơ quan chức năng của quận xây dựng kế hoạch, triển khai thực hiện, tổ chức kiểm tra và thường xuyên báo cáo kết quả về Thường trực Quận uỷ.</p>
<table class="MsoNormalTable" style="width: 100%; border: none;" cellpadding="0" cellspacing="0">
<tbody><tr>
<td style="width: 50%; vertical-align: top;">
<p><strong><em>Nơi nhận:</em></strong></p>
<p>- TT Thành uỷ HP,<br />
- Đảng uỷ QS thành phố,<br />
- Các đ/c uỷ viên Thường vụ,<br />
- Các ban, ngành, đoàn thể quận,<br />
- Các chi, đảng bộ trực thuộc,<br />
- Văn phòng UBND quận,<br />
- Lưu VPQU.</p>
</td>
<td style="width: 50%; vertical-align: top; text-align: center;">
<p><strong>T/M BAN THƯỜNG VỤ<br />
BÍ THƯ</strong></p>
<p>&nbsp;</p>
<p>&nbsp;</p>
<p><strong>Phạm Văn Khanh</strong></p>
</td>
</tr></tbody>
</table>
</div>
<div class="news-tools"><a href="javascript:window.print();">In trang</a> | <a href="javascript:void(0);" onclick="sendToFriend();">Gửi cho bạn bè</a> | <a href="#Body">Về đầu trang</a></div>
<div class="news-other"><h3 class="news-other-title">Các tin khác</h3>
<ul>
<li><a href="/tin-tuc/tid/quan-kien-an-to-chuc-le-giao-nhan-quan-nam-2024/newsid/3204/Default.aspx">Quận Kiến An tổ chức Lễ giao nhận quân năm 2024</a> <span class="date">(26/02/2024)</span></li>
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
