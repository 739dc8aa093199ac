<?php // cc-suite: cwe=611 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$doc = new DOMDocument();
$doc->loadXML($param, LIBXML_NONET);
echo htmlspecialchars($doc->documentElement->nodeName);
