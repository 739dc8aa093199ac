<?php // cc-suite: cwe=1004 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
setcookie('sid', $param, time() + 3600, '/', '', true, false);
