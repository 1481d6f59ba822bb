package dev.k42lens.debug.model;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.DebugElement;
import org.eclipse.debug.core.model.IDebugTarget;

import dev.k42lens.debug.K42LensDebugModel;

/** The common part of every element of the K42 Lens debug model. */
abstract class K42LensDebugElement extends DebugElement {
    K42LensDebugElement(IDebugTarget target) {
        super(target);
    }

    @Override
    public String getModelIdentifier() {
        return K42LensDebugModel.MODEL_IDENTIFIER;
    }

    K42LensDebugTarget target() {
        return (K42LensDebugTarget) getDebugTarget();
    }

    /** A session error (the program runs, ended, or the input was bad) as the platform's exception. */
    static DebugException failure(RuntimeException e) {
        return new DebugException(org.eclipse.core.runtime.Status.error(e.getMessage(), e));
    }
}
