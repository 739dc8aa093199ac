class A { String s = """
  text block "quoted" """; void f() throws Exception { Runtime.getRuntime().exec(s); char c = '\u0041'; } }
