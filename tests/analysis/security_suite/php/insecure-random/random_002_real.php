<?php // cc-suite: cwe=330 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$_SESSION['csrf'] = rand();
echo 'ok';
