function qnpFont(n){}function qnpShare(s){}
