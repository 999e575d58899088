<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" />
<title>
	Tin tức - Sự kiện
</title>
<link rel="stylesheet" type="text/css" href="/SiteAssets/qnp/css/qnp.css" />
<script type="text/javascript" src="/SiteAssets/qnp/js/qnp.js"></script>
</head>
<body>
<form method="post" action="/Trang/tin-tuc-su-kien.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x3F1A2B7CZLHJRFYK9SU/M16OA+IH27FSUPAGIWBQXIDO9P51,16 Sep 2024 01:22:10 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKZLhJrfyk9sU/m16OA+IH27FsUpaGIWBqXido9p518wcsetRATxrPIMDiiSxQ65b7YsPrgdwCM0q7hLRM5+VrDGAhH3vpUKHLPLgfSYBbcUF04uE2obnsHqGMr/h1CsizGqq2PzDxPVLLmcKVcSHSV7P+zcbvstghwaAU2GxfDx2zCB25FGRdgPodiFzURL0Gmtv1+Fui==" />
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
<div class="qnp-breadcrumb"><a href="/">Trang chủ</a> &gt; <span>Tin tức - Sự kiện</span></div>
<h2 class="qnp-cat-title">Tin tức - Sự kiện</h2>
<div class="qnp-list-item"><a href="/Trang/ChiTietTinTuc.aspx?nid=139871"><img src="/PublishingImages/TinTuc/2024/09/llvt-khac-phuc-bao-so-3.jpg" alt="" class="qnp-thumb" /></a>
<h3><a href="/Trang/ChiTietTinTuc.aspx?nid=139871">Lực lượng vũ trang tỉnh giúp nhân dân khắc phục hậu quả bão số 3</a></h3>
<span class="qnp-date">17:30 | 10/09/2024</span>
<p>Ngay sau khi bão số 3 (bão Yagi) đi qua, các đơn vị lực lượng vũ trang tỉnh đã huy động hàng nghìn cán bộ, chiến sĩ, dân quân tự vệ cùng phương tiện giúp nhân dân khắc phục hậu quả, sớm ổn định cuộc sống.</p>
</div>
<div class="qnp-list-item"><a href="/Trang/ChiTietTinTuc.aspx?nid=137402"><img src="/PublishingImages/TinTuc/2024/06/ga-doi-tien-yen.jpg" alt="" class="qnp-thumb" /></a>
<h3><a href="/Trang/ChiTietTinTuc.aspx?nid=137402">Tiên Yên mở rộng vùng nuôi gà đồi theo chuỗi liên kết</a></h3>
<span class="qnp-date">10:05 | 18/06/2024</span>
<p>Với lợi thế đất đồi rộng, khí hậu phù hợp, huyện Tiên Yên đang mở rộng vùng nuôi gà đồi theo hướng an toàn sinh học, liên kết chuỗi giá trị, nâng cao thu nhập cho người dân.</p>
</div>
<div class="qnp-list-item">
<h3><a href="/Trang/ChiTietTinTuc.aspx?nid=134560">Quảng Ninh nâng cao chất lượng giải quyết thủ tục hành chính trên môi trường số</a></h3>
<span class="qnp-date">16:32 | 14/11/2023</span>
<p>Đến nay, 100% thủ tục hành chính đủ điều kiện của tỉnh đã được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình, tỷ lệ hồ sơ nộp trực tuyến đạt trên 85%.</p>
</div>
<div class="qnp-paging"><span class="current">1</span> <a href="/Trang/tin-tuc-su-kien.aspx?page=2">2</a> <a href="/Trang/tin-tuc-su-kien.aspx?page=2">Tiếp &gt;</a></div>
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
