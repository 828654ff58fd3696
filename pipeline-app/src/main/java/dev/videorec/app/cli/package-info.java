/**
 * The command line, and nothing else: {@link dev.videorec.app.cli.Main} and one command class per command, each
 * reading its options, calling the app's other packages and printing. No other package imports this one; the
 * domain exceptions of the other packages are mapped here to one-line messages and exit codes.
 */
package dev.videorec.app.cli;
