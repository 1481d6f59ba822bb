package dev.k42lens.debug.sourcelookup;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.sourcelookup.AbstractSourceLookupParticipant;
import org.eclipse.debug.core.sourcelookup.containers.LocalFileStorage;

import dev.k42lens.debug.model.K42LensStackFrame;

/**
 * Names a frame's source as its DWARF line table does ("src/hello.c", or an absolute path); an
 * absolute path that exists on this machine is found even outside every container.
 */
public class K42LensSourceLookupParticipant extends AbstractSourceLookupParticipant {
    @Override
    public String getSourceName(Object object) {
        return object instanceof K42LensStackFrame frame ? frame.sourceFile() : null;
    }

    @Override
    public Object[] findSourceElements(Object object) throws CoreException {
        Object[] found = super.findSourceElements(object);
        String name = getSourceName(object);
        if (found.length == 0 && name != null && Path.of(name).isAbsolute() && Files.isRegularFile(Path.of(name))) {
            return new Object[] { new LocalFileStorage(Path.of(name).toFile()) };
        }
        return found;
    }
}
