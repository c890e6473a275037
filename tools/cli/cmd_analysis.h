/* The analysis, import and export commands of the `sharitories` tool (one source file each:
 * cmd_inspire.c, cmd_compare.c, cmd_network.c, cmd_import.c, cmd_export.c). Same contract as
 * the commands of cli.h: argv[0] is the command name; exit status 0 success, 1 failure
 * (invalid data, bad query, I/O), 2 usage error. */
#ifndef SHARITORIES_CLI_CMD_ANALYSIS_H
#define SHARITORIES_CLI_CMD_ANALYSIS_H

int cli_cmd_inspire(int argc, char **argv);
int cli_cmd_compare(int argc, char **argv);
int cli_cmd_network(int argc, char **argv);
int cli_cmd_import(int argc, char **argv);
int cli_cmd_export(int argc, char **argv);
int cli_cmd_roadmap(int argc, char **argv); /* cmd_roadmap.c */
int cli_cmd_actions(int argc, char **argv); /* cmd_roadmap.c */
int cli_cmd_complete_ids(int argc, char **argv);

#endif
