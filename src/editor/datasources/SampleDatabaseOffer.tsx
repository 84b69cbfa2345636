import { Button, useToast } from '../../client/ui';
import { errorMessage } from '../../client/ui/errorMessage';
import type { DatasourceDto } from '../../shared';
import { useCreateSampleDatasource } from '../api/editorQueries';
import './datasources.css';

/** The first query a newcomer gets on the sample database: something that shows rows at once. */
export const sampleQueryBody = 'select * from customers limit 50';
/** The name the server gives the sample datasource (once it exists, the offer goes away). */
export const sampleDatasourceName = 'Sample database';

/**
 * One click to a database with data in it: the server copies its sample SQLite database for the
 * workspace and adds it as a datasource. `compact` is the one-line form under a non-empty list.
 */
export function SampleDatabaseOffer(props: { workspaceId: string; compact?: boolean; onCreated(datasource: DatasourceDto): void }) {
  const create = useCreateSampleDatasource(props.workspaceId);
  const toast = useToast();
  async function add() {
    try {
      const datasource = await create.mutateAsync();
      toast.show(`${datasource.name} added. A first query on it is open below.`, 'success');
      props.onCreated(datasource);
    } catch (error) {
      toast.show(`The sample database could not be added: ${errorMessage(error)}`, 'error');
    }
  }
  if (props.compact) {
    return (
      <button type="button" className="ed-explorer__add ds-sample-link" onClick={() => void add()} disabled={create.isPending}>
        <span aria-hidden="true">+</span> {create.isPending ? 'Adding sample database…' : 'Sample database'}
      </button>
    );
  }
  return (
    <div className="ds-sample">
      <span className="ds-sample__title">No datasources yet</span>
      <span>Try Cordon on a sample database of customers, products and orders, or connect your own with “New datasource”.</span>
      <Button size="sm" variant="secondary" busy={create.isPending} onClick={() => void add()}>Sample database</Button>
    </div>
  );
}
