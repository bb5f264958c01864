// The runaway check (launcher/ guard package): null when the statement may run, else why not.
CALL attrib.checkRunaway($query, $params) YIELD refused
RETURN refused
