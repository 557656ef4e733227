package x; public class A {}
