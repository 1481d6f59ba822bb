package dev.k42lens.core.elf;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What the loader needs besides the ELF file: what execve would be given, the credentials, the CPU
 * to advertise, and where the 16 AT_RANDOM bytes come from (seed it for reproducible runs).
 *
 * @param execPath the program's path as the guest sees it: AT_EXECFN and the name of its mappings
 *        (pass it absolute for a /proc/self/maps like Linux's)
 */
public record LoadRequest(String execPath, List<String> argv, List<String> envp, int uid, int euid, int gid, int egid,
        CpuModel cpu, RandomGenerator random, InterpreterResolver interpreters) {
    public LoadRequest {
        Objects.requireNonNull(execPath, "execPath");
        argv = List.copyOf(argv);
        envp = List.copyOf(envp);
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(interpreters, "interpreters");
    }
}
