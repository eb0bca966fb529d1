import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** A string or template literal in the source that is a whole SQL statement. */
export interface SqlLiteral {
  file: string;
  line: number;
  text: string;
  /** A template with `${…}` parts: its text is known only at run time. */
  dynamic: boolean;
}

// A statement starts with one of these; fragments (` AND status = $2`) and prose do not.
const STATEMENT_START =
  /^\s*(SELECT|INSERT\s+INTO|UPDATE\s+[a-z_]+|DELETE\s+FROM|WITH\s+(RECURSIVE\s+)?[a-z_]+\s+(AS|\()|LOCK\s+TABLE|COPY\s|SET\s+(LOCAL\s+)?[a-z_]+|VALUES\s*\(|TRUNCATE|CREATE\s+TEMP|MERGE\s+INTO)/;

/** Every SQL statement written as a literal in `file`, found with the TypeScript parser. */
export function sqlLiterals(file: string): SqlLiteral[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: SqlLiteral[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | null = null;
    let dynamic = false;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) {
      text = node.head.text + node.templateSpans.map((span) => '${…}' + span.literal.text).join('');
      dynamic = true;
    }
    if (text !== null && STATEMENT_START.test(text)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ file, line, text, dynamic });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
