/**
 * The command line, and nothing else: {@link dev.videorec.app.cli.Main} and one picocli command class per command,
 * each declaring its options (the shared ones as mixins), calling the app's other packages and printing. picocli
 * is used nowhere else. No other package imports this one; the
 * domain exceptions of the other packages are mapped here to one-line messages and exit codes.
 */
package dev.videorec.app.cli;
