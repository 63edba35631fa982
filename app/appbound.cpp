#include "appbound.h"

#include "appservices.h"

namespace Kyodo {

// Every AppBound is also a QObject (a model or detail object of Kyodo.App);
// the cross-cast finds it from this side of the class.
void AppBound::classBegin() { bind(AppServices::of(dynamic_cast<const QObject *>(this))); }

} // namespace Kyodo
