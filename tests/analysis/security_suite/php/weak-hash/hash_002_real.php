<?php // cc-suite: cwe=328 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$h = sha1($param);
echo htmlspecialchars($h);
