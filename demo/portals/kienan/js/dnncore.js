/* dnncore stub */
function sendToFriend(){}
