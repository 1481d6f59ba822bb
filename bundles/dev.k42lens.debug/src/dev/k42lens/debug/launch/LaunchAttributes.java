package dev.k42lens.debug.launch;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.k42lens.core.elf.ElfException;
import dev.k42lens.core.elf.ElfFile;

/**
 * The launch configuration type "PPC64 Linux Program (K42 Lens)" and its attributes. The
 * environment uses the platform's standard attributes (ILaunchManager.ATTR_ENVIRONMENT_VARIABLES
 * and ATTR_APPEND_ENVIRONMENT_VARIABLES) so that the standard Environment tab edits it.
 */
public final class LaunchAttributes {
    public static final String LAUNCH_TYPE_ID = "dev.k42lens.debug.launchType";
    /** String: the program, a file-system path; may hold string variables such as ${workspace_loc:/p/hello}. */
    public static final String PROGRAM = "dev.k42lens.debug.program";
    /** String: the program's arguments, split as a shell would (quotes group words). */
    public static final String ARGUMENTS = "dev.k42lens.debug.arguments";
    /** String: the host directory the guest starts in; empty for the program's directory. */
    public static final String WORKING_DIRECTORY = "dev.k42lens.debug.workingDirectory";
    /** String: how the working directory appears in the guest, "ro" (absent: the default), "rw" or "none" (CwdMount options). */
    public static final String CWD_MOUNT = "dev.k42lens.debug.cwdMount";
    /** String: a host directory used as the guest's /; empty for the host's own, read through the sandbox. */
    public static final String ROOT = "dev.k42lens.debug.root";
    /** String: where dynamic programs find their loader and libraries; empty for the Debian cross sysroot. */
    public static final String SYSROOT = "dev.k42lens.debug.sysroot";
    /** List of String: extra mounts, each HOST:GUEST[:rw] as the command line's --mount takes them. */
    public static final String MOUNTS = "dev.k42lens.debug.mounts";
    /** String: "auto", "table" or "trap" (DispatchMode names, lower case). */
    public static final String DISPATCH = "dev.k42lens.debug.dispatch";
    /** String: a CPU model (power5+, power8, power9); empty for the default of the program's byte order. */
    public static final String CPU = "dev.k42lens.debug.cpu";
    /** String: "none", "entry" or "main": where a debug launch suspends first. */
    public static final String STOP_AT = "dev.k42lens.debug.stopAt";
    /** String: the guest memory limit as the command line's --max-memory takes it (e.g. 2G); empty for the default. */
    public static final String MAX_MEMORY = "dev.k42lens.debug.maxMemory";
    /** String: the task limit, a positive number as --max-tasks takes it; empty for the default. */
    public static final String MAX_TASKS = "dev.k42lens.debug.maxTasks";
    /** String: the size of the guest's private /tmp as the command line's --max-tmp takes it; empty for the default. */
    public static final String MAX_TMP = "dev.k42lens.debug.maxTmp";
    /** String: a JSONL trace file to write; empty for none. */
    public static final String TRACE_FILE = "dev.k42lens.debug.traceFile";

    public static final String STOP_AT_NONE = "none";
    public static final String STOP_AT_ENTRY = "entry";
    public static final String STOP_AT_MAIN = "main";

    private LaunchAttributes() {
    }

    /**
     * Why {@code program} cannot be launched, in one line for the user, or null when it is a
     * 64-bit PowerPC ELF executable this engine runs.
     */
    public static String problemWithProgram(Path program) {
        if (!Files.exists(program)) {
            return program + ": no such file";
        }
        if (!Files.isRegularFile(program)) {
            return program + ": not a regular file";
        }
        try {
            ElfFile.read(program); // rejects anything but a 64-bit PowerPC ELF, naming what it is
            return null;
        } catch (ElfException e) {
            return program + ": " + e.getMessage();
        }
    }
}
