#!/usr/bin/python3
"""Open QGIS projects in headless QGIS and check that they open complete.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 check_projects.py [--png DIR] PROJECT.qgs...

For each project, fails (exit 1, one line per problem) unless:
- the project reads;
- no "newer version" warning: the file's version is not newer than this QGIS;
- the project CRS is valid;
- every layer is valid and attached to the layer tree, and every layer-tree
  node points at a loaded layer;
- the canvas has layers (checked layers in the layer tree);
- each layer's CRS equals that of its file opened alone;
- the visible layers together render to a non-blank image, and each layer
  that has something to draw renders alone to a non-blank image.

Run by `tests/it/qgis.rs`; needs Debian's python3-qgis and qgis-providers
(`/usr/bin/python3`, not a pyenv one).
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    Qgis,
    QgsApplication,
    QgsCoordinateTransform,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsProjectVersion,
    QgsRasterLayer,
    QgsRectangle,
    QgsRenderContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor, QImage  # noqa: E402
from qgis.PyQt.QtXml import QDomDocument  # noqa: E402

SIZE = QSize(480, 480)


def file_version(path):
    doc = QDomDocument()
    with open(path, "rb") as f:
        if not doc.setContent(f.read()):
            return None
    return doc.documentElement().attribute("version")


def source_alone(layer):
    """The layer's file opened alone, as QGIS would open it from a browser."""
    uri = layer.source()
    path = uri.split("|")[0]
    if layer.providerType() == "gdal":
        return QgsRasterLayer(path, "alone", "gdal")
    return QgsVectorLayer(path, "alone", "ogr")


def render(project, layers, extent):
    s = QgsMapSettings()
    s.setLayers(layers)
    s.setDestinationCrs(project.crs())
    s.setTransformContext(project.transformContext())
    s.setOutputSize(SIZE)
    s.setBackgroundColor(QColor(255, 255, 255))
    s.setExtent(extent)
    job = QgsMapRendererSequentialJob(s)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    errors = [e.message for e in job.errors()]
    return img, errors


def ink(img):
    """Share of pixels that differ from the top-left pixel, sampled."""
    if img.isNull():
        return 0.0
    img = img.convertToFormat(QImage.Format_ARGB32)
    ref = img.pixel(0, 0)
    step = 3
    n = hit = 0
    for y in range(0, img.height(), step):
        for x in range(0, img.width(), step):
            n += 1
            if img.pixel(x, y) != ref:
                hit += 1
    return hit / max(n, 1)


def draws_something(layer, project):
    """Whether the layer has anything to draw: a raster always; a vector
    layer when its renderer would draw at least one feature."""
    if not isinstance(layer, QgsVectorLayer):
        return True
    renderer = layer.renderer().clone()
    ctx = QgsRenderContext()
    ctx.setExpressionContext(
        QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    )
    renderer.startRender(ctx, layer.fields())
    try:
        for f in layer.getFeatures():
            ctx.expressionContext().setFeature(f)
            if renderer.willRenderFeature(f, ctx):
                return True
    finally:
        renderer.stopRender(ctx)
    return False


def full_extent(project, layers):
    ext = project.viewSettings().defaultViewExtent()
    if not ext.isEmpty():
        tr = QgsCoordinateTransform(ext.crs(), project.crs(), project)
        return tr.transformBoundingBox(QgsRectangle(ext))
    out = QgsRectangle()
    out.setMinimal()
    for layer in layers:
        tr = QgsCoordinateTransform(layer.crs(), project.crs(), project)
        out.combineExtentWith(tr.transformBoundingBox(layer.extent()))
    return out


def check(path, png_dir):
    problems = []
    project = QgsProject.instance()
    project.clear()
    mismatch = []
    project.readVersionMismatchOccurred.connect(lambda v: mismatch.append(v))
    version = file_version(path)
    if version is None:
        return ["not well-formed XML"]
    if QgsProjectVersion(version) > QgsProjectVersion(Qgis.version()):
        problems.append(
            f"written for QGIS {version}, newer than {Qgis.version()}: QGIS warns on opening"
        )
    if not project.read(path):
        return problems + [f"does not read: {project.error()}"]
    # QGIS signals any version difference; only a newer file warns that it
    # "could not be completely loaded" (an older one is simply upgraded).
    newer = [v for v in mismatch if QgsProjectVersion(v) > QgsProjectVersion(Qgis.version())]
    if newer:
        problems.append(f"newer-version warning ({newer[0]})")
    if not project.crs().isValid():
        problems.append("project CRS is invalid")
    root = project.layerTreeRoot()
    layers = list(project.mapLayers().values())
    if not layers:
        problems.append("no layers")
    for node in root.findLayers():
        if node.layer() is None:
            problems.append(f"layer tree entry {node.name()!r} ({node.layerId()}) points at no layer")
    for layer in layers:
        name = f"layer {layer.name()!r}"
        if not layer.isValid():
            problems.append(f"{name} is not valid ({layer.source()})")
            continue
        if root.findLayer(layer.id()) is None:
            problems.append(f"{name} is not in the layer tree")
        alone = source_alone(layer)
        if not alone.isValid():
            problems.append(f"{name}: its file does not open alone ({layer.source()})")
        elif alone.crs() != layer.crs():
            problems.append(
                f"{name}: CRS {layer.crs().authid()} in the project, {alone.crs().authid()} in its file"
            )
    visible = [n.layer() for n in root.findLayers() if n.isVisible() and n.layer() is not None]
    checked = root.checkedLayers()
    if not checked:
        problems.append("the canvas has no layers (no checked layer)")
    if problems:
        return problems
    summary = ", ".join(
        f"{n.layer().name()}{'' if n.isVisible() else ' (hidden)'}" for n in root.findLayers()
    )
    extent = full_extent(project, layers)
    if extent.isEmpty():
        return ["empty extent"]
    stem = os.path.splitext(os.path.basename(path))[0]
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    img, errors = render(project, visible, extent)
    share = ink(img)
    if png_dir:
        img.save(os.path.join(png_dir, f"{parent}-{stem}.png"))
    if errors:
        problems.append(f"rendering errors: {errors}")
    if share < 0.01:
        problems.append(f"the visible layers render blank ({share:.4f} of pixels drawn)")
    for i, layer in enumerate(layers):
        if not draws_something(layer, project):
            continue
        img, errors = render(project, [layer], extent)
        share = ink(img)
        if share <= 0.0:
            problems.append(f"layer {layer.name()!r} renders blank alone")
        if errors:
            problems.append(f"layer {layer.name()!r}: rendering errors {errors}")
    print(f"ok {path}: CRS {project.crs().authid()}, {len(layers)} layers: {summary}")
    return problems


def main(argv):
    png_dir = None
    if len(argv) > 2 and argv[1] == "--png":
        png_dir = argv[2]
        argv = argv[2:]
    paths = argv[1:]
    if not paths:
        print(__doc__)
        return 2
    app = QgsApplication([], False)
    app.initQgis()
    failed = 0
    for path in paths:
        problems = check(path, png_dir)
        for p in problems:
            print(f"FAIL {path}: {p}")
        failed += bool(problems)
    QgsProject.instance().clear()
    app.exitQgis()
    print(f"{len(paths) - failed} of {len(paths)} projects open complete")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
