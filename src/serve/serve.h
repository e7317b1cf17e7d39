/* serve.h: `kaohe serve`, the intranet web front (SPEC section 10). */
#ifndef KAOHE_SERVE_H
#define KAOHE_SERVE_H

/* Runs the server with the arguments after "kaohe" ("serve" is argv[0]);
 * returns the exit status once it is stopped by SIGINT or SIGTERM. */
int serve_main(int argc, char **argv);

#endif
