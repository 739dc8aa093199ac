<?php // cc-suite: cwe=295 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$ch = curl_init('https://api.example.com/?q=' . urlencode($param));
curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
echo htmlspecialchars(curl_exec($ch));
