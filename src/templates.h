/* templates.h: the files of templates/, built into the program. */
#ifndef KAOHE_TEMPLATES_H
#define KAOHE_TEMPLATES_H

#include <stddef.h>

/* The contents of templates/NAME (NUL-terminated) and its length, or NULL
 * when there is no such template. */
const char *template_get(const char *name, size_t *len);

#endif
