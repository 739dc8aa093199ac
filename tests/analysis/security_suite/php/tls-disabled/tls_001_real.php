<?php // cc-suite: cwe=295 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$ch = curl_init('https://api.example.com/?q=' . urlencode($param));
curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
echo htmlspecialchars(curl_exec($ch));
