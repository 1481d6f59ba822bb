package dev.k42lens.ui.launch;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.k42lens.core.elf.CpuModel;
import dev.k42lens.core.kernel.GuestLimits;
import dev.k42lens.core.layer.DispatchMode;
import dev.k42lens.debug.launch.LaunchAttributes;
import dev.k42lens.ui.K42LensUi;

/**
 * The "Engine" tab: the guest's file system (root, sysroot, mounts), how the engine runs the
 * program (dispatch mode, CPU model, where a debug launch stops first), and the trace it writes.
 */
public final class EngineTab extends K42LensTab {
    private static final int MOUNT_ROWS = 4;
    private static final String DEFAULT_CPU_LABEL = "Default (" + CpuModel.defaultFor(ByteOrder.BIG_ENDIAN).platform()
            + " for big-endian programs, " + CpuModel.defaultFor(ByteOrder.LITTLE_ENDIAN).platform()
            + " for little-endian ones)";
    private static final String[] DISPATCH_ITEMS = Arrays.stream(DispatchMode.values()).map(EngineTab::dispatchValue)
            .toArray(String[]::new);
    /** The default first, then the models the engine emulates. */
    private static final String[] CPU_ITEMS = Stream.concat(Stream.of(DEFAULT_CPU_LABEL),
            Arrays.stream(CpuModel.values()).map(CpuModel::platform)).toArray(String[]::new);
    /** Where a debug launch may stop first, in the order the radio buttons show them. */
    private static final Map<String, String> STOP_AT_LABELS = stopAtLabels();

    private PathField root;
    private PathField sysroot;
    private org.eclipse.swt.widgets.List mounts;
    private Button removeMount;
    private Combo dispatch;
    private Label dispatchMeaning;
    private Combo cpu;
    private Text maxMemory;
    private Text maxTasks;
    private Text maxTmp;
    private final Map<String, Button> stopAt = new LinkedHashMap<>();
    private PathField traceFile;

    private static Map<String, String> stopAtLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LaunchAttributes.STOP_AT_MAIN, "ma&in");
        labels.put(LaunchAttributes.STOP_AT_ENTRY, "The program's &entry point");
        labels.put(LaunchAttributes.STOP_AT_NONE, "&Nowhere: run until a breakpoint");
        return labels;
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = createPage(parent);

        Group fileSystem = createGroup(page, "Guest file system");
        root = new PathField(fileSystem, "&Root directory:", "Empty: the host's /, read through the sandbox",
                PathField.Target.DIRECTORY, this::scheduleUpdateJob);
        sysroot = new PathField(fileSystem, "&Sysroot:",
                "Empty: the Debian cross sysroot for the program's byte order", PathField.Target.DIRECTORY,
                this::scheduleUpdateJob);
        createMounts(fileSystem);

        Group execution = createGroup(page, "Execution");
        new Label(execution, SWT.NONE).setText("&Dispatch:");
        dispatch = new Combo(execution, SWT.READ_ONLY);
        dispatch.addListener(SWT.Selection, e -> {
            showDispatchMeaning();
            scheduleUpdateJob();
        });
        dispatchMeaning = createNote(execution, "");
        new Label(execution, SWT.NONE).setText("&CPU model:");
        cpu = new Combo(execution, SWT.READ_ONLY);
        cpu.addListener(SWT.Selection, e -> scheduleUpdateJob());
        createStopAt(execution);

        Group limits = createGroup(page, "Limits");
        new Label(limits, SWT.NONE).setText("&Memory:");
        maxMemory = new Text(limits, SWT.BORDER);
        maxMemory.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        maxMemory.setMessage("Empty: " + (GuestLimits.defaultMemoryBytes() >> 20) + "M, half the engine's heap");
        maxMemory.addModifyListener(e -> scheduleUpdateJob());
        new Label(limits, SWT.NONE).setText("T&asks:");
        maxTasks = new Text(limits, SWT.BORDER);
        maxTasks.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        maxTasks.setMessage("Empty: " + GuestLimits.DEFAULT_TASKS);
        maxTasks.addModifyListener(e -> scheduleUpdateJob());
        new Label(limits, SWT.NONE).setText("/t&mp size:");
        maxTmp = new Text(limits, SWT.BORDER);
        maxTmp.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        maxTmp.setMessage("Empty: " + (GuestLimits.DEFAULT_TMP_BYTES >> 20) + "M");
        maxTmp.addModifyListener(e -> scheduleUpdateJob());
        createNote(limits, "What the program's processes may hold together, as the command line's --max-memory (K, M, G), "
                + "--max-tasks and --max-tmp: past them a process touching memory is killed as by the OOM killer, fork "
                + "and clone get EAGAIN, writes to /tmp ENOSPC, and a runaway program cannot take the workbench down.");

        Group trace = createGroup(page, "Trace");
        traceFile = new PathField(trace, "&Trace file:", "Empty: no trace", PathField.Target.NEW_FILE,
                this::scheduleUpdateJob);
        createNote(trace, "The dispatch trace as JSON lines, as the command line's --trace records it.");
        Dialog.applyDialogFont(page);
    }

    private void createMounts(Composite grid) {
        createTopLabel(grid, "M&ounts:");
        Composite row = K42LensUi.flushComposite(grid, 2);
        row.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false));
        mounts = new org.eclipse.swt.widgets.List(row, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL);
        GridData listData = new GridData(SWT.FILL, SWT.FILL, true, false);
        listData.heightHint = mounts.getItemHeight() * MOUNT_ROWS;
        mounts.setLayoutData(listData);
        mounts.addListener(SWT.Selection, e -> removeMount.setEnabled(mounts.getSelectionCount() > 0));
        Composite buttons = K42LensUi.flushComposite(row, 1);
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
        Button add = createPushButton(buttons, "&Add...", null);
        add.addListener(SWT.Selection, e -> addMount());
        removeMount = createPushButton(buttons, "Re&move", null);
        removeMount.addListener(SWT.Selection, e -> {
            mounts.remove(mounts.getSelectionIndices());
            removeMount.setEnabled(false);
            scheduleUpdateJob();
        });
        removeMount.setEnabled(false);
        createNote(grid, "Host directories the guest sees, read-only unless marked :rw.");
    }


    private void addMount() {
        InputDialog dialog = new InputDialog(getShell(), "Add Mount",
                "HOST:GUEST[:rw] - an absolute host directory, the absolute guest path it appears at, "
                        + "and :rw to let the guest write to it (read-only otherwise):",
                "", LaunchPaths::problemWithMount);
        if (dialog.open() == Window.OK) {
            mounts.add(dialog.getValue().trim());
            scheduleUpdateJob();
        }
    }

    private void createStopAt(Composite grid) {
        createTopLabel(grid, "Stop at:");
        Composite radios = K42LensUi.flushComposite(grid, 1);
        STOP_AT_LABELS.forEach((value, label) -> {
            Button radio = createRadioButton(radios, label);
            radio.addListener(SWT.Selection, e -> scheduleUpdateJob());
            stopAt.put(value, radio);
        });
        createNote(grid, "Where a debug launch suspends first; run launches do not stop.");
    }

    private static String dispatchValue(DispatchMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static String meaning(DispatchMode mode) {
        return switch (mode) {
            case AUTO -> "Dynamically linked glibc calls through the transfer table; everything else traps.";
            case TABLE -> "Every sc site is retargeted to the transfer table on its first execution.";
            case TRAP -> "No site is retargeted: every system call traps and is reflected.";
        };
    }

    private void showDispatchMeaning() {
        String problem = problemWithDispatch();
        dispatchMeaning.setText(problem == null ? meaning(DispatchMode.parse(dispatch.getText())) : "");
        dispatchMeaning.getParent().layout(true, true);
    }

    @Override
    public String getName() {
        return "Engine";
    }

    @Override
    public String getId() {
        return "dev.k42lens.ui.launch.engineTab";
    }

    @Override
    public Image getImage() {
        return K42LensUi.image(K42LensUi.ICON_ENGINE);
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        configuration.setAttribute(LaunchAttributes.DISPATCH, dispatchValue(DispatchMode.AUTO));
        configuration.setAttribute(LaunchAttributes.STOP_AT, LaunchAttributes.STOP_AT_MAIN);
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        root.setValue(attribute(configuration, LaunchAttributes.ROOT, ""));
        sysroot.setValue(attribute(configuration, LaunchAttributes.SYSROOT, ""));
        mounts.setItems(mounts(configuration).toArray(String[]::new));
        removeMount.setEnabled(false);
        select(dispatch, DISPATCH_ITEMS,
                attribute(configuration, LaunchAttributes.DISPATCH, dispatchValue(DispatchMode.AUTO)));
        showDispatchMeaning();
        String model = attribute(configuration, LaunchAttributes.CPU, "");
        select(cpu, CPU_ITEMS, model.isEmpty() ? DEFAULT_CPU_LABEL : model);
        // without the attribute, the launch delegate stops at main
        String stop = attribute(configuration, LaunchAttributes.STOP_AT, LaunchAttributes.STOP_AT_MAIN);
        stopAt.forEach((value, radio) -> radio.setSelection(value.equals(stop)));
        traceFile.setValue(attribute(configuration, LaunchAttributes.TRACE_FILE, ""));
        maxMemory.setText(attribute(configuration, LaunchAttributes.MAX_MEMORY, ""));
        maxTasks.setText(attribute(configuration, LaunchAttributes.MAX_TASKS, ""));
        maxTmp.setText(attribute(configuration, LaunchAttributes.MAX_TMP, ""));
    }

    private List<String> mounts(ILaunchConfiguration configuration) {
        try {
            return configuration.getAttribute(LaunchAttributes.MOUNTS, List.of());
        } catch (CoreException e) {
            setErrorMessage("Cannot read the mounts: " + e.getMessage());
            return List.of();
        }
    }

    /**
     * Offers {@code items} and selects {@code value}; a value this tab does not offer (written by hand
     * or by another version) is added, so that the tab shows it and {@link #problem()} can say what is
     * wrong with it.
     */
    private static void select(Combo combo, String[] items, String value) {
        combo.setItems(items);
        int index = combo.indexOf(value);
        if (index < 0) {
            combo.add(value);
            index = combo.getItemCount() - 1;
        }
        combo.select(index);
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        setOrRemove(configuration, LaunchAttributes.ROOT, root.value());
        setOrRemove(configuration, LaunchAttributes.SYSROOT, sysroot.value());
        if (mounts.getItemCount() == 0) {
            configuration.removeAttribute(LaunchAttributes.MOUNTS);
        } else {
            configuration.setAttribute(LaunchAttributes.MOUNTS, Arrays.asList(mounts.getItems()));
        }
        setOrRemove(configuration, LaunchAttributes.MAX_MEMORY, maxMemory.getText().trim());
        setOrRemove(configuration, LaunchAttributes.MAX_TASKS, maxTasks.getText().trim());
        setOrRemove(configuration, LaunchAttributes.MAX_TMP, maxTmp.getText().trim());
        configuration.setAttribute(LaunchAttributes.DISPATCH, dispatch.getText());
        setOrRemove(configuration, LaunchAttributes.CPU, cpu.getSelectionIndex() == 0 ? "" : cpu.getText());
        stopAt.forEach((value, radio) -> {
            if (radio.getSelection()) {
                configuration.setAttribute(LaunchAttributes.STOP_AT, value);
            }
        });
        setOrRemove(configuration, LaunchAttributes.TRACE_FILE, traceFile.value());
    }

    @Override
    protected String problem() {
        return firstProblem(List.of(
                () -> LaunchPaths.problemWithDirectory("Root directory", root.value()),
                () -> LaunchPaths.problemWithDirectory("Sysroot", sysroot.value()),
                () -> Arrays.stream(mounts.getItems()).map(LaunchPaths::problemWithMount).filter(Objects::nonNull)
                        .findFirst().orElse(null),
                this::problemWithDispatch,
                () -> cpu.getSelectionIndex() == 0 ? null : problemWithCpu(),
                () -> stopAt.values().stream().anyMatch(Button::getSelection) ? null
                        : "Choose where a debug launch stops first.",
                () -> LaunchPaths.problemWithNewFile("Trace file", traceFile.value()),
                this::problemWithLimits));
    }

    private String problemWithLimits() {
        try {
            GuestLimits.parse(maxMemory.getText(), maxTasks.getText(), maxTmp.getText());
            return null;
        } catch (IllegalArgumentException e) {
            return "Limits: " + e.getMessage();
        }
    }

    private String problemWithDispatch() {
        try {
            DispatchMode.parse(dispatch.getText());
            return null;
        } catch (IllegalArgumentException e) {
            return "Dispatch: " + e.getMessage() + ".";
        }
    }

    private String problemWithCpu() {
        try {
            CpuModel.forName(cpu.getText());
            return null;
        } catch (IllegalArgumentException e) {
            return "CPU model: " + e.getMessage() + ".";
        }
    }
}
