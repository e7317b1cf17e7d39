/* cmd_template.h: `kaohe template` (SPEC section 9), a command with its
 * own arguments: DIR is optional and holds no scores. */
#ifndef KAOHE_CMD_TEMPLATE_H
#define KAOHE_CMD_TEMPLATE_H

/* "template [DIR] -o FILE.xlsx …", for the usage lines. */
extern const char template_synopsis[];

/* Runs `kaohe template`; argv[0] is "template".  Returns the exit status
 * (SPEC section 5). */
int template_main(int argc, char **argv);

#endif
