/// SafeHTML: the only module that touches libxml2 (through CLibXML2).
///
/// It will build HTML as a libxml2 tree, serialise it with libxml2, and pass untrusted
/// fragments through an allow-list sanitizer (see DESIGN.md, "HTML"). The rendering stage
/// that needs it has not landed yet; this file only gives the module its place.
public enum SafeHTML {}
