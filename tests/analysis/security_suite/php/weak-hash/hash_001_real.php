<?php // cc-suite: cwe=328 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
echo htmlspecialchars(md5($param));
