<?php // cc-suite: cwe=611 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
libxml_disable_entity_loader(false);
$xml = simplexml_load_string($param);
echo htmlspecialchars($xml->getName());
