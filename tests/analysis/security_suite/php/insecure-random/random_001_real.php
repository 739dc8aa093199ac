<?php // cc-suite: cwe=330 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$token = mt_rand();
setcookie('remember', $token, time() + 3600, '/', '', true, true);
