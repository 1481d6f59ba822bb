package dev.k42lens.ui;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;

/** The bundle's identity, its icons, and the layout piece its views and tabs share. */
public final class K42LensUi {
    public static final String BUNDLE_ID = "dev.k42lens.ui";

    public static final String ICON_DISASSEMBLY = "icons/disassembly.png";
    public static final String ICON_ENGINE = "icons/engine.png";
    public static final String ICON_GO_TO_ADDRESS = "icons/go_to_address.png";
    public static final String ICON_K42LENS = "icons/k42lens.png";

    private K42LensUi() {
    }

    /** An icon of this bundle (path relative to the bundle root). */
    public static ImageDescriptor imageDescriptor(String path) {
        return ResourceLocator.imageDescriptorFromBundle(BUNDLE_ID, path)
                .orElseThrow(() -> new IllegalArgumentException(BUNDLE_ID + " has no icon " + path));
    }

    /**
     * The image of an icon of this bundle, shared: JFace's registry owns it and disposes it with the
     * display, so callers must not dispose it. UI thread only.
     */
    public static Image image(String path) {
        ImageRegistry registry = JFaceResources.getImageRegistry();
        String key = BUNDLE_ID + "/" + path;
        if (registry.getDescriptor(key) == null) {
            registry.put(key, imageDescriptor(path));
        }
        return registry.get(key);
    }

    /** A composite of {@code columns} grid columns without margins, so that its widgets line up with its parent's. */
    public static Composite flushComposite(Composite parent, int columns) {
        Composite composite = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(columns, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        composite.setLayout(layout);
        return composite;
    }
}
