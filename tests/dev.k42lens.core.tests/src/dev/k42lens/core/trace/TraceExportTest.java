package dev.k42lens.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CSV and JSONL exports of chosen rows: RFC 4180 quoting, TraceFile's field names and lines. */
class TraceExportTest {
    private static final TraceEvent WRITE = new TraceEvent(7, 1500, 1000, 1001, TraceKind.SYSCALL_EXIT, 4, "write",
            "1, \"a,b \\\"quoted\\\"\"\n, 9", -9, 9, DispatchPath.TABLE, 1, 0x7fff0010L, "write+0x60", 0, 0, true);
    private static final TraceEvent SIGNAL = new TraceEvent(8, 1600, 1000, 1001, TraceKind.SIGNAL_POSTED, -1, null, null, 0, 0, null,
            0, 0x7fff0014L, "write+0x64", 10, 0, true);
    private static final TraceEvent SERVER = new TraceEvent(9, 1700, 1000, 1000, TraceKind.SERVER_CALL, -1, "openat", "file-system",
            0, 0, null, 1, 0x8478, "k42:openat", 0, 0, true);

    private static TraceStore store() {
        TraceStore store = new TraceStore("quoting test");
        List.of(WRITE, SIGNAL, SERVER).forEach(store::event);
        return store;
    }

    private static String export(TraceStore store, int[] rows, TraceExport.Format format) throws Exception {
        StringWriter out = new StringWriter();
        TraceExport.write(store, rows, format, out, TraceProgress.NONE);
        return out.toString();
    }

    @Test
    void csvQuotesFieldsWithCommasQuotesAndLineBreaksAndLeavesAbsentFieldsEmpty() throws Exception {
        String csv = export(store(), new int[] { 0, 1, 2 }, TraceExport.Format.CSV);
        assertEquals("seq,time_ns,pid,tid,kind,nr,name,args,ret,errno,path,depth,site,symbol,signal,target_tid,server,op,implemented\r\n"
                + "7,1500,1000,1001,syscall_exit,4,write,\"1, \"\"a,b \\\"\"quoted\\\"\"\"\"\n, 9\",-9,9,table,1,0x7fff0010,write+0x60,,,,,true\r\n"
                + "8,1600,1000,1001,signal_posted,,,,,,,0,0x7fff0014,write+0x64,10,,,,\r\n"
                + "9,1700,1000,1000,server_call,,,,,,,1,0x8478,k42:openat,,,file-system,openat,\r\n", csv);
        assertEquals("\"a\r\nb\"", TraceExport.csvField("a\r\nb"));
        assertEquals("plain", TraceExport.csvField("plain"));
    }

    @Test
    void csvHeaderIsTheJsonlFieldOrder() throws Exception {
        String header = export(store(), new int[0], TraceExport.Format.CSV);
        assertEquals(String.join(",", TraceFile.fields(WRITE).keySet()) + "\r\n", header);
    }

    @Test
    void jsonlIsTheTraceFileFormatWithItsHeaderInTheRowsOrder() throws Exception {
        String jsonl = export(store(), new int[] { 2, 0 }, TraceExport.Format.JSONL);
        assertEquals(TraceFile.header("quoting test") + "\n" + TraceFile.json(SERVER) + "\n" + TraceFile.json(WRITE) + "\n", jsonl);
    }

    @Test
    void theFormatFollowsTheFileName() {
        assertEquals(TraceExport.Format.CSV, TraceExport.Format.of(Path.of("/tmp/x.CSV")));
        assertEquals(TraceExport.Format.JSONL, TraceExport.Format.of(Path.of("run.k42trace.jsonl")));
        assertNull(TraceExport.Format.of(Path.of("run.txt")));
        assertEquals(".jsonl", TraceExport.Format.JSONL.extension());
    }
}
