fn main() { let s = r#"raw "str""#; let b = b'x'; /* nested /* comment */ */ unsafe { std::ptr::null::<u8>().read(); } let l: &'static str = "a"; }
