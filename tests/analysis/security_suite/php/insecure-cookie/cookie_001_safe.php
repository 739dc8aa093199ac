<?php // cc-suite: cwe=614 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
setcookie('pref', $param, time() + 3600, '/', '', true, true);
