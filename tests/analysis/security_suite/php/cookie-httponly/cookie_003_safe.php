<?php // cc-suite: cwe=1004 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
setcookie('sid', $param, time() + 3600, '/', '', true, true);
