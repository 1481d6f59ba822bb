package dev.k42lens.ui.presentation;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugModelPresentation;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.IValueDetailListener;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IEditorInput;

/**
 * Labels and images of the K42 Lens debug model (id dev.k42lens.debug) in the debug views: the
 * elements' own names, breakpoints by their marker message, and the platform's images, which it
 * shares (nothing here is disposed); C sources open in the platform's text editor.
 */
public final class K42LensModelPresentation extends LabelProvider implements IDebugModelPresentation {
    /** The attributes the platform passes (such as showing type names) do not apply to this model. */
    @Override
    public void setAttribute(String attribute, Object value) {
    }

    @Override
    public String getText(Object element) {
        try {
            return switch (element) {
                case IBreakpoint breakpoint -> breakpointText(breakpoint);
                case IDebugTarget target -> target.getName();
                case IThread thread -> thread.getName();
                case IStackFrame frame -> frame.getName();
                case IRegisterGroup group -> group.getName();
                case IVariable variable -> variable.getName();
                case null, default -> null; // the platform's default label
            };
        } catch (DebugException e) {
            return "<" + e.getMessage() + ">";
        }
    }

    private static String breakpointText(IBreakpoint breakpoint) {
        IMarker marker = breakpoint.getMarker();
        return marker == null ? null : marker.getAttribute(IMarker.MESSAGE, null);
    }

    @Override
    public Image getImage(Object element) {
        String image = switch (element) {
            case IBreakpoint breakpoint -> isEnabled(breakpoint) ? IDebugUIConstants.IMG_OBJS_BREAKPOINT
                    : IDebugUIConstants.IMG_OBJS_BREAKPOINT_DISABLED;
            case IDebugTarget target -> target.isTerminated() ? IDebugUIConstants.IMG_OBJS_DEBUG_TARGET_TERMINATED
                    : target.isSuspended() ? IDebugUIConstants.IMG_OBJS_DEBUG_TARGET_SUSPENDED
                            : IDebugUIConstants.IMG_OBJS_DEBUG_TARGET;
            case IThread thread -> thread.isTerminated() ? IDebugUIConstants.IMG_OBJS_THREAD_TERMINATED
                    : thread.isSuspended() ? IDebugUIConstants.IMG_OBJS_THREAD_SUSPENDED
                            : IDebugUIConstants.IMG_OBJS_THREAD_RUNNING;
            case IStackFrame frame -> IDebugUIConstants.IMG_OBJS_STACKFRAME;
            case IRegisterGroup group -> IDebugUIConstants.IMG_OBJS_REGISTER_GROUP;
            case IVariable variable -> IDebugUIConstants.IMG_OBJS_VARIABLE;
            case null, default -> null;
        };
        return image == null ? null : DebugUITools.getImage(image);
    }

    private static boolean isEnabled(IBreakpoint breakpoint) {
        try {
            return breakpoint.isEnabled();
        } catch (CoreException e) {
            return false; // its marker is gone: shown as disabled until the view drops it
        }
    }

    @Override
    public void computeDetail(IValue value, IValueDetailListener listener) {
        String detail;
        try {
            detail = value.getValueString();
        } catch (DebugException e) {
            detail = "<" + e.getMessage() + ">";
        }
        listener.detailComputed(value, detail);
    }

    /** A frame's C source, found by the launch's source lookup: a workspace file or one outside it. */
    @Override
    public IEditorInput getEditorInput(Object element) {
        if (element instanceof org.eclipse.core.resources.IFile file) {
            return new org.eclipse.ui.part.FileEditorInput(file);
        }
        if (element instanceof org.eclipse.debug.core.sourcelookup.containers.LocalFileStorage storage) {
            return new org.eclipse.ui.ide.FileStoreEditorInput(org.eclipse.core.filesystem.EFS.getLocalFileSystem()
                    .fromLocalFile(storage.getFile()));
        }
        return null;
    }

    /** The platform's text editor: C sources need no more than line highlighting to step through. */
    @Override
    public String getEditorId(IEditorInput input, Object element) {
        return input == null ? null : TEXT_EDITOR;
    }

    private static final String TEXT_EDITOR = "org.eclipse.ui.DefaultTextEditor";
}
