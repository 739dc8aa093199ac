<?php // cc-suite: cwe=611 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$doc = new DOMDocument();
$doc->loadXML($param, LIBXML_NOENT | LIBXML_DTDLOAD);
echo htmlspecialchars($doc->documentElement->nodeName);
