<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" />
<title>
	Giới thiệu chung
</title>
<link rel="stylesheet" type="text/css" href="/SiteAssets/qnp/css/qnp.css" />
<script type="text/javascript" src="/SiteAssets/qnp/js/qnp.js"></script>
</head>
<body>
<form method="post" action="/Trang/gioi-thieu-chung.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x3F1A2B7C+ABGMMTSY+UKK4SIXV8JMAKUGTVHVNWJ6JIBC8OV,16 Sep 2024 01:22:10 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUK+Abgmmtsy+uKk4sIXV8JmAKuGtVhvnwj6JIBc8OvWTxgBWiLg0a0/Um1meZwTFR62UsLQ+42Nt2CwTSio3lFpQ+0DaxZpnMNpZYzoRvwzqCcGZaKicxBK8hRaYsplwo424WHzz+6jQcETJxMl+58Pum/xLhC3kgUs0Cl72bebAbUQuU3yxgtOCohF1P2Fc8dPoweIKjX==" />
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
<div class="qnp-breadcrumb"><a href="/">Trang chủ</a> &gt; <span>Giới thiệu chung</span></div>
<div class="qnp-news-detail"><h1 class="qnp-title">Giới thiệu chung</h1>
<div class="ms-rtestate-field">
<p>Quảng Ninh là tỉnh ven biển thuộc vùng Đông Bắc Bắc Bộ, phía Bắc giáp Trung Quốc, phía Đông là vịnh Bắc Bộ, phía Tây giáp các tỉnh Lạng Sơn, Bắc Giang, Hải Dương, phía Nam giáp thành phố Hải Phòng.</p>
<p>Tỉnh có 13 đơn vị hành chính cấp huyện, trong đó có các thành phố Hạ Long, Móng Cái, Cẩm Phả, Uông Bí, Đông Triều; vịnh Hạ Long hai lần được UNESCO công nhận là Di sản thiên nhiên thế giới.</p>
</div></div>
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
