/* Liferay global bundle (stub) */
var Liferay=window.Liferay||{};function sendMail(){}function fontSize(n){}
