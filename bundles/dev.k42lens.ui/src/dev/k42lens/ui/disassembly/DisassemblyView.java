package dev.k42lens.ui.disassembly;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.eclipse.core.resources.IMarkerDelta;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IBreakpointsListener;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.contexts.DebugContextEvent;
import org.eclipse.debug.ui.contexts.IDebugContextListener;
import org.eclipse.debug.ui.contexts.IDebugContextService;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.part.ViewPart;

import dev.k42lens.debug.K42LensDebugModel;
import dev.k42lens.debug.breakpoints.AddressBreakpoint;
import dev.k42lens.debug.model.K42LensDebugTarget;
import dev.k42lens.debug.model.K42LensStackFrame;
import dev.k42lens.debug.model.K42LensThread;
import dev.k42lens.ui.AddressPrompt;
import dev.k42lens.ui.DebugJobs;
import dev.k42lens.ui.K42LensUi;
import dev.k42lens.ui.disassembly.DisassemblyLine.FunctionStart;
import dev.k42lens.ui.disassembly.DisassemblyLine.Instruction;
import dev.k42lens.ui.disassembly.DisassemblyLine.Unreadable;

/**
 * The instructions around the stack frame selected in the Debug view, with the frame's address
 * marked, function starts labelled and address breakpoints in the first column (double-click a line
 * to set or clear one). Memory is read on a job; a burst of selections (stepping) is read once.
 */
public final class DisassemblyView extends ViewPart implements IDebugContextListener, IBreakpointsListener {
    public static final String ID = "dev.k42lens.ui.views.disassembly";

    /** Waits this long before reading, so that the last of quickly repeated steps wins. */
    private static final long COALESCE_MILLIS = 50;
    private static final int GUTTER_WIDTH = 22;
    private static final int STATUS_INDENT = 4;
    private static final String NO_FRAME = "Select a stack frame of a K42 Lens program in the Debug view.";

    /** What to show: the frame, and the address to center on, or null to center on the frame's address. */
    private record Request(K42LensStackFrame frame, Long center) {
    }

    /** What a read found, for the UI thread. */
    private record Snapshot(Request request, long frameAddress, boolean topFrame, long center,
            List<DisassemblyLine> lines, String status) {
    }

    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final Job reader = new Job("Reading disassembly") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            Request request = pending.get();
            if (request != null) {
                Snapshot snapshot = read(request);
                if (!display.isDisposed()) {
                    display.asyncExec(() -> show(snapshot));
                }
            }
            return Status.OK_STATUS;
        }
    };

    private Display display;
    private IDebugContextService contextService;
    private Label status;
    private TableViewer viewer;
    /** The editors' monospace font, set on every row: the theme may give the table another. */
    private Font textFont;
    private Font boldFont;
    private IAction followFrame;
    private IAction goToAddress;
    private IAction instructionStepping;

    // UI thread only
    private K42LensStackFrame frame;
    private long frameAddress;
    /** Whether the frame is its thread's top one, whose address is the PC (marked as the platform does). */
    private boolean topFrame;
    /** The address the lines are centered on, which stays put while the frame's address is not followed. */
    private Long center;
    /** The address breakpoints, each mapped to whether it is enabled. */
    private final Map<Long, Boolean> breakpoints = new HashMap<>();

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        Composite page = K42LensUi.flushComposite(parent, 1);
        status = new Label(page, SWT.NONE);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        statusData.horizontalIndent = STATUS_INDENT;
        status.setLayoutData(statusData);
        createViewer(page);
        createActions();
        reader.setSystem(true);

        DebugPlugin.getDefault().getBreakpointManager().addBreakpointListener(this);
        readBreakpoints();
        contextService = DebugUITools.getDebugContextManager().getContextService(getSite().getWorkbenchWindow());
        contextService.addDebugContextListener(this);
        setFrame(frameIn(contextService.getActiveContext()));
    }

    private void createViewer(Composite page) {
        viewer = new TableViewer(page, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = viewer.getTable();
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        textFont = JFaceResources.getTextFont();
        boldFont = JFaceResources.getFontRegistry().getBold(JFaceResources.TEXT_FONT);
        table.setFont(textFont);
        int charWidth = charWidth(table);
        viewer.setContentProvider(ArrayContentProvider.getInstance());

        column("", GUTTER_WIDTH, line -> "", this::breakpointImage);
        column("Address", charWidth * 19, line -> line instanceof FunctionStart ? "" : hex16(line.address()),
                line -> isFrameInstruction(line) ? DebugUITools.getImage(topFrame
                        ? IDebugUIConstants.IMG_OBJS_INSTRUCTION_POINTER_TOP
                        : IDebugUIConstants.IMG_OBJS_INSTRUCTION_POINTER) : null);
        column("Word", charWidth * 10, line -> line instanceof Instruction instruction
                ? String.format("%08x", instruction.word())
                : "", line -> null);
        column("Instruction", charWidth * 48, line -> switch (line) {
            case FunctionStart start -> start.symbol() + ":";
            case Instruction instruction -> instruction.text();
            case Unreadable unreadable -> "(" + unreadable.length() + " bytes unreadable: " + unreadable.reason() + ")";
        }, line -> null);

        viewer.addDoubleClickListener(event -> {
            if (event.getSelection() instanceof IStructuredSelection selection
                    && selection.getFirstElement() instanceof Instruction instruction) {
                toggleBreakpoint(instruction.address());
            }
        });
    }

    /** Whether {@code line} is the instruction at the selected frame's address. */
    private boolean isFrameInstruction(Object line) {
        return line instanceof Instruction instruction && instruction.address() == frameAddress;
    }

    private void column(String title, int width, Function<DisassemblyLine, String> text,
            Function<DisassemblyLine, Image> image) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((DisassemblyLine) element);
            }

            @Override
            public Image getImage(Object element) {
                return image.apply((DisassemblyLine) element);
            }

            @Override
            public Font getFont(Object element) {
                return element instanceof FunctionStart || isFrameInstruction(element) ? boldFont : textFont;
            }
        });
    }

    private static int charWidth(Table table) {
        GC gc = new GC(table);
        try {
            return (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth());
        } finally {
            gc.dispose();
        }
    }

    private static String hex16(long address) {
        return String.format("%016x", address);
    }

    private Image breakpointImage(DisassemblyLine line) {
        Boolean enabled = line instanceof Instruction ? breakpoints.get(line.address()) : null;
        if (enabled == null) {
            return null;
        }
        return DebugUITools.getImage(
                enabled ? IDebugUIConstants.IMG_OBJS_BREAKPOINT : IDebugUIConstants.IMG_OBJS_BREAKPOINT_DISABLED);
    }

    private void createActions() {
        goToAddress = new Action("Go to Address...", K42LensUi.imageDescriptor(K42LensUi.ICON_GO_TO_ADDRESS)) {
            @Override
            public void run() {
                askForAddress();
            }
        };
        goToAddress.setToolTipText("Go to an address or symbol (stops following the frame)");
        followFrame = new Action("Follow PC", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                if (isChecked()) {
                    scheduleRead();
                }
            }
        };
        followFrame.setImageDescriptor(
                DebugUITools.getImageDescriptor(IDebugUIConstants.IMG_OBJS_INSTRUCTION_POINTER_TOP));
        followFrame.setToolTipText("Follow PC: keep the selected frame's instruction in view");
        followFrame.setChecked(true);
        instructionStepping = new Action("Instruction Stepping Mode", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                if (frame != null) {
                    frame.getDebugTarget().setInstructionStepping(isChecked());
                }
            }
        };
        instructionStepping.setImageDescriptor(K42LensUi.imageDescriptor(K42LensUi.ICON_DISASSEMBLY));
        instructionStepping.setToolTipText("Instruction Stepping Mode: Step Into and Step Over go by instruction even in code with source lines");
        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(goToAddress);
        toolBar.add(followFrame);
        toolBar.add(instructionStepping);
    }

    private static K42LensStackFrame frameIn(ISelection context) {
        if (context instanceof IStructuredSelection selection && !selection.isEmpty()) {
            return Adapters.adapt(selection.getFirstElement(), K42LensStackFrame.class);
        }
        return null;
    }

    @Override
    public void debugContextChanged(DebugContextEvent event) {
        if ((event.getFlags() & (DebugContextEvent.ACTIVATED | DebugContextEvent.STATE)) != 0) {
            setFrame(frameIn(event.getContext()));
        }
    }

    private void setFrame(K42LensStackFrame newFrame) {
        frame = newFrame;
        goToAddress.setEnabled(frame != null && frame.getThread() instanceof K42LensThread);
        instructionStepping.setEnabled(frame != null);
        instructionStepping.setChecked(frame != null && frame.getDebugTarget().isInstructionStepping());
        if (frame == null) {
            pending.set(null);
            viewer.setInput(List.of());
            status.setText(NO_FRAME);
        } else {
            scheduleRead();
        }
    }

    private void scheduleRead() {
        if (frame != null) {
            pending.set(new Request(frame, followFrame.isChecked() ? null : center));
            reader.schedule(COALESCE_MILLIS); // if it is reading, it reads again when done
        }
    }

    /** On the reader job. */
    private static Snapshot read(Request request) {
        K42LensStackFrame frame = request.frame();
        K42LensDebugTarget target = frame.getDebugTarget();
        long address = frame.address();
        boolean top = isTopFrame(frame);
        long center = DisassemblyWindow.wordAligned(request.center() != null ? request.center() : address);
        try {
            List<DisassemblyLine> lines = DisassemblyWindow.read(target, center);
            String symbol = target.symbolize(address);
            String where = (top ? "PC " : "Frame at ") + hex16(address)
                    + (symbol == null ? "" : " <" + symbol + ">");
            return new Snapshot(request, address, top, center, lines, where);
        } catch (DebugException e) {
            return new Snapshot(request, address, top, center, List.of(),
                    "Cannot read memory at " + hex16(center) + ": " + e.getMessage());
        }
    }

    private static boolean isTopFrame(K42LensStackFrame frame) {
        try {
            return frame.equals(frame.getThread().getTopStackFrame());
        } catch (DebugException e) {
            return true; // the thread moved on: the next selection corrects the marker
        }
    }

    private void show(Snapshot snapshot) {
        if (viewer.getTable().isDisposed() || pending.get() != snapshot.request()) {
            return; // closed, or a newer request is on its way
        }
        frameAddress = snapshot.frameAddress();
        topFrame = snapshot.topFrame();
        center = snapshot.center();
        status.setText(snapshot.status());
        viewer.setInput(snapshot.lines());
        List<DisassemblyLine> lines = snapshot.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) instanceof Instruction && lines.get(i).address() == snapshot.center()) {
                scrollToMiddle(i);
                if (snapshot.request().center() != null) {
                    viewer.getTable().setSelection(i); // an address asked for, not the PC: point it out
                }
                break;
            }
        }
    }

    private void scrollToMiddle(int index) {
        Table table = viewer.getTable();
        int visibleRows = Math.max(1, table.getClientArea().height / table.getItemHeight());
        table.setTopIndex(Math.max(0, index - visibleRows / 2));
    }

    /** The lines' table, for tests. */
    public Table table() {
        return viewer.getTable();
    }

    /**
     * Centers the view on {@code address} (a trace event's site) in the selected frame's program,
     * or in {@code otherwise}'s (a frame of the event's program, or null) when no frame is
     * selected, and selects its line, no longer following the frame. False, saying so in the view,
     * without a frame: memory can be read only from a suspended program.
     */
    public boolean showAddress(long address, K42LensStackFrame otherwise) {
        if (frame == null && otherwise != null) {
            setFrame(otherwise);
        }
        if (frame == null) {
            status.setText("Suspend the program and select a frame to see " + hex16(address) + ".");
            return false;
        }
        followFrame.setChecked(false);
        center = address;
        scheduleRead();
        return true;
    }

    private void askForAddress() {
        if (frame == null || !(frame.getThread() instanceof K42LensThread thread)) {
            return;
        }
        Optional<String> expression = AddressPrompt.ask(getSite().getShell(), "Go to Address",
                center == null ? "" : "0x" + Long.toHexString(center));
        expression.ifPresent(text -> DebugJobs.run("Resolving " + text, "Cannot go to " + text,
                () -> thread.resolveAddress(text), address -> {
                    if (!viewer.getTable().isDisposed()) {
                        followFrame.setChecked(false);
                        center = address;
                        scheduleRead();
                    }
                }));
    }

    private void toggleBreakpoint(long address) {
        K42LensDebugTarget target = frame.getDebugTarget();
        DebugJobs.run("Toggling the breakpoint at " + hex16(address),
                "Cannot toggle the breakpoint at " + hex16(address), () -> {
                    Optional<AddressBreakpoint> existing = AddressBreakpoint.find(address);
                    if (existing.isPresent()) {
                        DebugPlugin.getDefault().getBreakpointManager().removeBreakpoint(existing.get(), true);
                    } else {
                        // the symbol ("main+0x10", or null) labels the breakpoint in the Breakpoints view
                        AddressBreakpoint.create(address, target.symbolize(address));
                    }
                });
    }

    @Override
    public void breakpointsAdded(IBreakpoint[] added) {
        refreshBreakpoints();
    }

    @Override
    public void breakpointsRemoved(IBreakpoint[] removed, IMarkerDelta[] deltas) {
        refreshBreakpoints();
    }

    @Override
    public void breakpointsChanged(IBreakpoint[] changed, IMarkerDelta[] deltas) {
        refreshBreakpoints();
    }

    /** From any thread: the breakpoint manager notifies on the thread that changed the markers. */
    private void refreshBreakpoints() {
        display.asyncExec(() -> {
            if (!viewer.getTable().isDisposed()) {
                readBreakpoints();
                viewer.refresh();
            }
        });
    }

    private void readBreakpoints() {
        breakpoints.clear();
        for (IBreakpoint breakpoint : DebugPlugin.getDefault().getBreakpointManager()
                .getBreakpoints(K42LensDebugModel.MODEL_IDENTIFIER)) {
            if (breakpoint instanceof AddressBreakpoint addressBreakpoint) {
                try {
                    breakpoints.put(addressBreakpoint.address(), addressBreakpoint.isEnabled());
                } catch (CoreException e) {
                    // its marker is gone: the removal notice follows
                }
            }
        }
    }

    @Override
    public void setFocus() {
        viewer.getTable().setFocus();
    }

    @Override
    public void dispose() {
        if (contextService != null) {
            contextService.removeDebugContextListener(this);
        }
        DebugPlugin.getDefault().getBreakpointManager().removeBreakpointListener(this);
        pending.set(null);
        reader.cancel();
        super.dispose();
    }
}
