var s = $"interp {x} {{literal}}"; var v = @"verbatim ""q"""; // c
var raw = """raw "text" """; Process.Start(userInput); /* block */ char c = '\'';
