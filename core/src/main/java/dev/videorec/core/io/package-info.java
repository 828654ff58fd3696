/** File writes shared by every module that saves an artefact: atomic, so a crash never leaves half a file. */
package dev.videorec.core.io;
