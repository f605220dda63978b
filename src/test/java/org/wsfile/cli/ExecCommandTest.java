package org.wsfile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** How --exec hands a saved file, whose name a stranger chose, to the user's command. */
class ExecCommandTest {

    @Test
    void onUnixThePathIsAnArgumentOfTheShellNeverPartOfItsText() {
        Path file = Path.of("/home/ada/in/a\"; rm -rf ~; echo \".pdf");

        assertEquals(Optional.of(List.of("sh", "-c", "lp -d office \"$1\"", "wsfile", file.toString())),
                ExecCommand.forFile("lp -d office", file, false));
    }

    @Test
    void onWindowsNoShellRunsAndNamesWithCmdMetacharactersStayOneArgument() {
        Path file = Path.of("C:\\in\\x & calc ^ 100%PATH%.pdf".replace('\\', '/'));

        assertEquals(Optional.of(List.of("C:\\Program Files\\Viewer\\viewer.exe", "/print", file.toString())),
                ExecCommand.forFile("\"C:\\Program Files\\Viewer\\viewer.exe\" /print", file, true));
    }

    @Test
    void aBatchFileNeverGetsAPathWithPercentSignsWhichCmdWouldExpand() {
        assertEquals(Optional.empty(), ExecCommand.forFile("print.BAT", Path.of("in/%CMDCMDLINE%.pdf"), true));
        assertEquals(Optional.of(List.of("print.cmd", Path.of("in/a & b.pdf").toString())),
                ExecCommand.forFile("print.cmd", Path.of("in/a & b.pdf"), true));
    }

    @Test
    void wordsSplitAtSpacesOutsideQuotes() {
        assertEquals(List.of("notify", "new file", "", "x"), ExecCommand.words("  notify \"new file\" \"\" x "));
        assertEquals(List.of(), ExecCommand.words("   "));
    }
}
