<?php // cc-suite: cwe=328 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$h = hash('sha512', $param);
echo htmlspecialchars($h);
