// libxml2 for Swift. Foundation on Linux ships its own ICU module, which
// clashes with the system ICU that libxml2's headers pull in when
// LIBXML_ICU_ENABLED is set; read the version header first and switch it off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
#include <libxml/uri.h>

// xmlFree is a global function pointer, which Swift 6 rejects as shared mutable state.
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }
