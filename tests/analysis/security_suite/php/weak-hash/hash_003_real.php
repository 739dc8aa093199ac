<?php // cc-suite: cwe=328 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$h = hash('md5', $param);
echo htmlspecialchars($h);
